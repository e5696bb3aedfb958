import { z } from "zod";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/lib/auth/password-rules";

const email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "Enter an email address such as name@example.com." }).max(254, { error: "That email address is too long." }));

export const signInSchema = z.object({
  email,
  // No minimum here: the rules apply when a password is chosen, not when it is typed.
  password: z
    .string()
    .min(1, { error: "Enter your password." })
    .max(PASSWORD_MAX_LENGTH, { error: `Passwords are at most ${PASSWORD_MAX_LENGTH} characters.` }),
  next: z.string().optional(),
});
export type SignInInput = z.infer<typeof signInSchema>;

/** NIST SP 800-63B: length only (8–256), no composition rules; spaces and any Unicode allowed.
 * Guessability (common and breached passwords) is checked by signUp (lib/auth/password-strength.ts):
 * it is async (dictionaries load lazily) and uses the name and email the schema does not see. */
export const newPasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, { error: `Use at least ${PASSWORD_MIN_LENGTH} characters.` })
  .max(PASSWORD_MAX_LENGTH, { error: `Use at most ${PASSWORD_MAX_LENGTH} characters.` });

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));

export const signUpSchema = z.object({
  name: z.string().trim().min(1, { error: "Enter your name." }).max(100, { error: "Use at most 100 characters." }),
  email,
  password: newPasswordSchema,
  joinCode: optionalText.pipe(z.string().max(32, { error: "That join code is too long." }).optional()),
  invite: optionalText.pipe(z.string().max(100).optional()),
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export const invitationSchema = z.object({ email });

export const forgotPasswordSchema = z.object({ email });

export const resetPasswordSchema = z.object({
  token: z.string().min(1, { error: "This reset link is incomplete." }).max(100),
  password: newPasswordSchema,
});

export const acceptInvitationSchema = z.object({ invite: z.string().min(1).max(100) });
