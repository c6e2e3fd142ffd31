using System.ComponentModel.DataAnnotations;

namespace StoreSync.Functions.Auth;

/// <summary>
/// Per-account backoff of failed sign-ins (section Auth:SignInThrottle; the rows are SignInThrottle's in the data layer).
/// Defaults: five failures are free; then 1 s, 2 s, 4 s, ... between attempts, never more than 5 minutes, so the owner
/// waits at most that long even while someone keeps guessing.
/// </summary>
public sealed class SignInThrottleOptions
{
    [Range(1, 100000)]
    public int FreeFailures { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(5);
}
