/** Lengths of the password rule (server/auth/password-strength.ts), light enough for any page to import. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;
