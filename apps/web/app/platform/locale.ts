/** The platform console belongs to no store: it speaks the default UI language. */
export const PLATFORM_LOCALE = 'en';
