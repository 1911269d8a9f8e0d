export {
  PASSWORD_MAX,
  PASSWORD_MIN,
  hashPassword,
  needsRehash,
  passwordProblems,
  verifyPassword,
} from './identity.passwords.js';
