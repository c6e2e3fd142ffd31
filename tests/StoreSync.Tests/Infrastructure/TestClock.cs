namespace StoreSync.Tests.Infrastructure;

/// <summary>A clock the tests move by hand (the only fake besides the AI provider).</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;
    private readonly object _gate = new();

    public override DateTimeOffset GetUtcNow() { lock (_gate) return _now; }

    public void Set(DateTimeOffset now) { lock (_gate) _now = now; }

    public void Advance(TimeSpan by) { lock (_gate) _now += by; }
}
