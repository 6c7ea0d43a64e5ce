/** A failed call shown as the API's problem details say, with what to do about it. */
import type { Failure } from './api';

export function FailureBox({ failure }: { failure: Failure }) {
  return (
    <div role="alert" class="failure" data-status={failure.status}>
      <h2>{failure.title}</h2>
      <p>{failure.detail}</p>
      {failure.fields && (
        <ul>
          {failure.fields.map((f) => (
            <li key={f}>{f}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
