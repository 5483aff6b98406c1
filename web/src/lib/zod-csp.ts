// Imported first by every browser entry point: zod 4 otherwise probes `new Function` for its JIT, which our
// Content-Security-Policy (no 'unsafe-eval') blocks and reports as a violation.
import { z } from 'zod';

z.config({ jitless: true });
