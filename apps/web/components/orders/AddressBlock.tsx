/** The lines of a postal address (the phone number last, unless left out). */
export interface PostalAddress {
  name: string;
  line1: string;
  line2?: string | null | undefined;
  postalCode: string;
  city: string;
  region?: string | null | undefined;
  country: string;
  phone?: string | null | undefined;
}

export function AddressBlock({
  address,
  className,
  withPhone = true,
}: {
  address: PostalAddress;
  className?: string | undefined;
  withPhone?: boolean;
}) {
  return (
    <address className={className}>
      {address.name}
      <br />
      {address.line1}
      {address.line2 && (
        <>
          <br />
          {address.line2}
        </>
      )}
      <br />
      {address.postalCode} {address.city}
      {address.region ? `, ${address.region}` : ''}
      <br />
      {address.country}
      {withPhone && address.phone && (
        <>
          <br />
          {address.phone}
        </>
      )}
    </address>
  );
}
