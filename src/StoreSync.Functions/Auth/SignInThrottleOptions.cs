namespace StoreSync.Functions.Auth;

/// <summary>
/// Per-account backoff of failed sign-ins (configuration section Auth:SignInThrottle; see SignInThrottle in the data layer).
/// Defaults: five failures are free; then 1 s, 2 s, 4 s, ... between attempts, never more than 5 minutes, so the owner
/// waits at most that long even while someone keeps guessing.
/// </summary>
public sealed class SignInThrottleOptions
{
    public int FreeFailures { get; set; } = 5;
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Read per sign-in (cheap next to the password hash), clamped to sane values.</summary>
    public static SignInThrottleOptions From(IConfiguration config)
    {
        var o = config.GetSection("Auth:SignInThrottle").Get<SignInThrottleOptions>() ?? new SignInThrottleOptions();
        o.FreeFailures = Math.Clamp(o.FreeFailures, 1, 1000);
        o.BaseDelay = TimeSpan.FromSeconds(Math.Clamp(o.BaseDelay.TotalSeconds, 0.1, 3600));
        o.MaxDelay = TimeSpan.FromSeconds(Math.Clamp(o.MaxDelay.TotalSeconds, o.BaseDelay.TotalSeconds, 86400));
        return o;
    }
}
