import type { z } from 'zod'

/** One admin operation: a channel named `domain:verb`, its input and output schemas. */
export interface Contract<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I
  output: O
}

export const contract = <I extends z.ZodType, O extends z.ZodType>(
  input: I,
  output: O,
): Contract<I, O> => ({ input, output })
