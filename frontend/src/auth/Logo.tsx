export function Logo({ className = 'size-9' }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" className={className} aria-hidden="true">
      <rect width="32" height="32" rx="8" className="fill-brand-600" />
      <path
        d="M9 20.5c1.6 1.4 3.9 2.2 6.3 2.2 3.4 0 5.7-1.6 5.7-4.1 0-2.3-1.6-3.3-5-4l-1.7-.4c-1.6-.3-2.3-.8-2.3-1.6 0-1 1-1.6 2.6-1.6 1.5 0 2.9.5 4.1 1.4l1.6-2.3c-1.5-1.2-3.5-1.9-5.7-1.9-3.3 0-5.6 1.8-5.6 4.3 0 2.2 1.5 3.3 4.7 3.9l1.7.4c1.8.4 2.5.8 2.5 1.7 0 1-1.1 1.7-2.9 1.7-1.9 0-3.6-.7-4.9-1.9z"
        fill="#fff"
      />
    </svg>
  );
}
