import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { CallResult, Failure } from './api';

interface SearchListProps<T extends { id: string }> {
  /** The search box's label, its input's name and the submit button's text. */
  label: string;
  name: string;
  button: string;
  /** The accessible name of the list of what was found. */
  listLabel: string;
  /** Asks the API for what matches the text. */
  search: (text: string) => Promise<CallResult<T[]>>;
  setFailure: (failure: Failure | undefined) => void;
  /** One found item's line (its title, and the button that uses it). */
  item: (found: T, text: string) => ComponentChildren;
  /** Shown when a search found nothing (nothing by default). */
  none?: (text: string) => ComponentChildren;
}

/**
 * A search box and the list of what it found, each item with the caller's own action: the
 * credential, target, prior-learning and occupation searches of the adviser's and the
 * designer's pages. A failed search goes to `setFailure`; a good one clears it.
 */
export function SearchList<T extends { id: string }>(p: SearchListProps<T>) {
  const [text, setText] = useState('');
  const [found, setFound] = useState<T[] | undefined>();

  async function search(e: Event) {
    e.preventDefault();
    const r = await p.search(text);
    if (!r.ok) {
      p.setFailure(r.failure);
      return;
    }
    p.setFailure(undefined);
    setFound(r.data);
  }

  return (
    <>
      <form onSubmit={(e) => void search(e)}>
        <label>
          {p.label}{' '}
          <input
            name={p.name}
            value={text}
            onInput={(e) => {
              setText(e.currentTarget.value);
            }}
          />
        </label>{' '}
        <button type="submit">{p.button}</button>
      </form>
      {found && found.length === 0 && p.none?.(text)}
      {found && found.length > 0 && (
        <ul aria-label={p.listLabel} class="found">
          {found.map((t) => (
            <li key={t.id}>{p.item(t, text)}</li>
          ))}
        </ul>
      )}
    </>
  );
}
