import { useCallback, useEffect, useState } from 'react';
import { pathForTrackingNumber, trackingNumberFromLocation } from './route';
import { checkTrackingNumber } from './tracking-number';
import { TrackingForm } from './TrackingForm';
import { TrackingResult } from './TrackingResult';

const currentLocation = () => ({
  pathname: window.location.pathname,
  search: window.location.search,
});

export function App() {
  const [location, setLocation] = useState(currentLocation);
  // Bumped by every submit, so tracking the same number again starts a fresh look-up.
  const [lookup, setLookup] = useState(0);

  useEffect(() => {
    const onPopState = () => setLocation(currentLocation());
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, []);

  const requested = trackingNumberFromLocation(location.pathname, location.search);
  const check = requested === undefined ? undefined : checkTrackingNumber(requested);
  const canonical = check?.ok ? check.value : undefined;

  // A link with ?n= or a sloppy number settles on the one canonical address.
  useEffect(() => {
    if (!canonical) return;
    const path = pathForTrackingNumber(canonical);
    if (window.location.pathname !== path || window.location.search) {
      window.history.replaceState(null, '', path);
    }
  }, [canonical]);

  const track = useCallback((number: string) => {
    const path = pathForTrackingNumber(number);
    if (window.location.pathname !== path) window.history.pushState(null, '', path);
    setLocation(currentLocation());
    setLookup((n) => n + 1);
  }, []);

  useEffect(() => {
    document.title = canonical
      ? `${canonical} · Track your parcel · Global Retail`
      : 'Track your parcel · Global Retail';
  }, [canonical]);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <a className="brand" href="/">
          Global Retail
        </a>
      </header>
      <main id="main" tabIndex={-1}>
        <h1>Track your parcel</h1>
        <TrackingForm
          key={requested ?? ''}
          initialValue={canonical ?? requested ?? ''}
          initialProblem={check && !check.ok ? check.problem : undefined}
          onTrack={track}
        />
        {canonical && <TrackingResult key={`${canonical}-${lookup}`} trackingNumber={canonical} />}
      </main>
    </>
  );
}
