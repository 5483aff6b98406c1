// The rules a username and a password must meet, shared by route validation and the service itself.

export const USERNAME_MIN = 3;
export const USERNAME_MAX = 32;
/** ASCII only, so case-insensitive uniqueness is a plain toLowerCase() on every platform and dialect. */
export const USERNAME_PATTERN = /^[a-zA-Z0-9_.-]+$/;
export const PASSWORD_MIN = 8;
/** Bounds the scrypt input; far above any passphrase a person types. */
export const PASSWORD_MAX = 256;

/** The unique key a username is stored and looked up under. */
export const usernameKey = (username: string) => username.toLowerCase();

export function usernameProblem(username: string): string | null {
  if (username.length < USERNAME_MIN || username.length > USERNAME_MAX)
    return `must be ${USERNAME_MIN}-${USERNAME_MAX} characters`;
  if (!USERNAME_PATTERN.test(username)) return 'may contain only letters, digits, "_", "." and "-"';
  return null;
}

export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX)
    return `must be ${PASSWORD_MIN}-${PASSWORD_MAX} characters`;
  return null;
}
