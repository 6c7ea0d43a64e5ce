/** The plan's constraints and objective as form controls; each change re-plans. */
import { isDay, MODES, OBJECTIVES, type Mode, type Objective, type PageState } from './state';

const ids = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
const num = (v: string) => (v.trim() === '' || Number(v) < 0 ? undefined : Number(v));

export function ConstraintsForm(p: { state: PageState; setState: (s: PageState) => void }) {
  const c = p.state.constraints;
  const set = (patch: Partial<PageState['constraints']>) => {
    p.setState({ ...p.state, constraints: { ...c, ...patch } });
  };
  const calendar = p.state.calendar;
  const dated = calendar.start !== undefined;
  const timed = dated && p.state.objective.includes('time');
  return (
    <div class="constraints">
      <label>
        Budget (EUR){' '}
        <input
          name="budget"
          type="number"
          min="0"
          value={c.budget ?? ''}
          onChange={(e) => {
            set({ budget: num(e.currentTarget.value) });
          }}
        />
      </label>
      <label>
        Languages (codes, comma separated){' '}
        <input
          name="languages"
          value={c.languages.join(', ')}
          onChange={(e) => {
            set({ languages: ids(e.currentTarget.value).filter((l) => /^[a-z]{2}$/.test(l)) });
          }}
        />
      </label>
      <fieldset>
        <legend>Modes allowed (none ticked: any)</legend>
        {MODES.map((m) => (
          <label key={m}>
            <input
              type="checkbox"
              name={`mode-${m}`}
              checked={c.modes.includes(m)}
              onChange={(e) => {
                set({
                  modes: e.currentTarget.checked
                    ? [...c.modes, m]
                    : c.modes.filter((x: Mode) => x !== m),
                });
              }}
            />{' '}
            {m}
          </label>
        ))}
      </fieldset>
      <label>
        Most credits per term{' '}
        <input
          name="per-term"
          type="number"
          min="1"
          value={c.maxCreditsPerTerm ?? ''}
          onChange={(e) => {
            const v = num(e.currentTarget.value);
            set({ maxCreditsPerTerm: v === 0 ? undefined : v });
          }}
        />
      </label>
      <label>
        Exclude providers (ids){' '}
        <input
          name="exclude-providers"
          value={c.excludeProviders.join(', ')}
          onChange={(e) => {
            set({ excludeProviders: ids(e.currentTarget.value) });
          }}
        />
      </label>
      <label>
        Exclude credentials (ids){' '}
        <input
          name="exclude-credentials"
          value={c.excludeCredentials.join(', ')}
          onChange={(e) => {
            set({ excludeCredentials: ids(e.currentTarget.value) });
          }}
        />
      </label>
      <label>
        Start on{' '}
        <input
          name="start"
          type="date"
          value={calendar.start ?? ''}
          onChange={(e) => {
            const v = e.currentTarget.value;
            const start = isDay(v) ? v : undefined;
            p.setState({
              ...p.state,
              calendar: { ...calendar, start },
              // Without a start day there is no completion date to minimise.
              objective:
                start === undefined && p.state.objective[0] === 'time'
                  ? ['credits', 'cost', 'hours']
                  : p.state.objective,
            });
          }}
        />
      </label>
      <label>
        Most credits per month{' '}
        <input
          name="per-month"
          type="number"
          min="1"
          disabled={!dated}
          value={calendar.maxCreditsPerMonth ?? ''}
          onChange={(e) => {
            const v = num(e.currentTarget.value);
            p.setState({
              ...p.state,
              calendar: { ...calendar, maxCreditsPerMonth: v === 0 ? undefined : v },
            });
          }}
        />
      </label>
      <label>
        Minimise{' '}
        <select
          name="objective"
          value={p.state.objective[0]}
          onChange={(e) => {
            const first = e.currentTarget.value as Objective;
            p.setState({
              ...p.state,
              objective: [
                first,
                ...OBJECTIVES.filter((o) => o !== first && o !== 'count' && o !== 'time'),
              ],
            });
          }}
        >
          <option value="credits">credits</option>
          <option value="cost">cost</option>
          <option value="hours">hours</option>
          <option value="count">number of credentials</option>
          <option value="time" disabled={!dated}>
            time to finish (needs a start day)
          </option>
        </select>
      </label>
      <label>
        Alternatives{' '}
        <select
          name="alternatives"
          // The earliest-finish search ranks whole sets and gives no runners-up.
          disabled={timed}
          title={timed ? 'No alternatives when minimising time to finish' : undefined}
          value={String(timed ? 0 : p.state.alternatives)}
          onChange={(e) => {
            p.setState({ ...p.state, alternatives: Number(e.currentTarget.value) });
          }}
        >
          {[0, 1, 2, 3].map((n) => (
            <option key={n} value={String(n)}>
              {n}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
