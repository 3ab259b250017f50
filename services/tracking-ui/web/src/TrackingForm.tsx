import { useRef, useState, type FormEvent } from 'react';
import { checkTrackingNumber, problemMessage, type TrackingNumberProblem } from './tracking-number';

interface Props {
  initialValue: string;
  /** A problem with the number the page was opened with (a bad deep link). */
  initialProblem?: TrackingNumberProblem;
  onTrack: (canonical: string) => void;
}

/**
 * The search form. It also works as a plain GET to /track?n= before the script loads; with
 * the script, the number is checked here first and the page moves to /track/:number.
 */
export function TrackingForm({ initialValue, initialProblem, onTrack }: Props) {
  const [value, setValue] = useState(initialValue);
  const [problem, setProblem] = useState<TrackingNumberProblem | undefined>(initialProblem);
  const input = useRef<HTMLInputElement>(null);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const result = checkTrackingNumber(value);
    if (!result.ok) {
      setProblem(result.problem);
      input.current?.focus();
      return;
    }
    setProblem(undefined);
    setValue(result.value);
    onTrack(result.value);
  };

  return (
    <form
      className="track-form"
      role="search"
      aria-label="Track a shipment"
      action="/track"
      method="get"
      noValidate
      onSubmit={submit}
    >
      <label htmlFor="tracking-number">Tracking number</label>
      <div className="track-form-row">
        <input
          ref={input}
          id="tracking-number"
          name="n"
          type="text"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          autoComplete="off"
          autoCapitalize="characters"
          autoCorrect="off"
          spellCheck={false}
          maxLength={64}
          placeholder="GR…"
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? 'tracking-number-error' : 'tracking-number-hint'}
        />
        <button type="submit">Track</button>
      </div>
      {problem ? (
        <p id="tracking-number-error" className="field-error" role="alert">
          {problemMessage(problem)}
        </p>
      ) : (
        <p id="tracking-number-hint" className="hint">
          It starts with GR and is on your order confirmation. Spaces, dashes and lower case are
          fine.
        </p>
      )}
    </form>
  );
}
