import { etaText, formatWhen } from './eta';
import { progressOf, statusLabel, statusTone } from './status';
import { timelineNewestFirst, type TrackingView } from './timeline';
import { useTracking } from './useTracking';

const SERVICE_LEVELS: Record<string, string> = { standard: 'Standard', express: 'Express' };

export function TrackingResult({ trackingNumber }: { trackingNumber: string }) {
  const { view, failure, loading, live, lastUpdated } = useTracking(trackingNumber);

  if (loading) {
    return (
      <p className="notice" role="status">
        Looking up {trackingNumber}…
      </p>
    );
  }
  return (
    <>
      {failure && (
        <div className={`notice ${view ? 'notice-warning' : 'notice-error'}`} role="alert">
          <h2>{failure.title}</h2>
          <p>{failure.message}</p>
        </div>
      )}
      {view && <ShipmentView view={view} live={live} lastUpdated={lastUpdated} />}
    </>
  );
}

function ShipmentView({
  view,
  live,
  lastUpdated,
}: {
  view: TrackingView;
  live: boolean;
  lastUpdated?: Date;
}) {
  const eta = etaText(view, new Date());
  const progress = progressOf(view.status);
  const timeline = timelineNewestFirst(view.events);
  return (
    <section className="result" aria-labelledby="status-heading">
      <p className="tracking-id">
        Tracking number <strong>{view.trackingNumber}</strong>
      </p>
      <h2 id="status-heading" className={`status status-${statusTone(view.status)}`}>
        {statusLabel(view.status)}
      </h2>
      {progress && (
        <ol className="steps" aria-label={`Progress: step ${progress.step} of ${progress.of}`}>
          {['Label created', 'Picked up', 'In transit', 'Out for delivery', 'Delivered'].map(
            (label, i) => (
              <li
                key={label}
                className={i < progress.step ? 'step-done' : undefined}
                aria-current={i + 1 === progress.step ? 'step' : undefined}
              >
                <span>{label}</span>
              </li>
            ),
          )}
        </ol>
      )}
      <p className="eta">
        <span className="eta-label">{eta.label}</span>
        {eta.when ? (
          <>
            {' '}
            <strong>{eta.when}</strong>
            {eta.relative && <span className="eta-relative"> ({eta.relative})</span>}
          </>
        ) : (
          <span> {eta.text}</span>
        )}
      </p>
      <dl className="facts">
        <div>
          <dt>Carrier</dt>
          <dd>{view.carrier}</dd>
        </div>
        <div>
          <dt>Service</dt>
          <dd>{SERVICE_LEVELS[view.serviceLevel] ?? view.serviceLevel}</dd>
        </div>
        <div>
          <dt>From</dt>
          <dd>
            {view.origin.city}, {view.origin.country}
          </dd>
        </div>
        <div>
          <dt>To</dt>
          <dd>
            {view.destination.city}, {view.destination.country}
          </dd>
        </div>
      </dl>
      <p className="live" role="status">
        {live
          ? 'Live: this page updates by itself every few seconds.'
          : 'Final status: no further updates.'}
        {lastUpdated && (
          <>
            {' '}
            Last checked <time dateTime={lastUpdated.toISOString()}>{timeOf(lastUpdated)}</time>.
          </>
        )}
      </p>
      <h3 id="history-heading">Tracking history</h3>
      <ol className="timeline" aria-labelledby="history-heading">
        {timeline.map((event, i) => (
          <li key={`${event.occurredAt}-${event.status}-${i}`} className="timeline-event">
            <p className="event-status">{statusLabel(event.status)}</p>
            <p className="event-description">{event.description}</p>
            <p className="event-meta">
              {event.location} ·{' '}
              <time dateTime={event.occurredAt}>{formatWhen(event.occurredAt)}</time>
            </p>
          </li>
        ))}
      </ol>
    </section>
  );
}

const timeOf = (d: Date) =>
  d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
