// An address the app does not know: say so and offer the way back.
import { Link } from 'wouter';

export function NotFound() {
  return (
    <section className="screen-body">
      <h1>Nothing here</h1>
      <p>This address is not part of the app. It may come from an old bookmark.</p>
      <Link href="/characters">Go to your characters</Link>
    </section>
  );
}
