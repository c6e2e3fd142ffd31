using System.ComponentModel.DataAnnotations;

namespace StoreSync.Functions.Lifecycle;

/// <summary>Settings of the campaign lifecycle (section "Lifecycle").</summary>
public sealed class LifecycleOptions
{
    /// <summary>Campaigns claimed and committed per batch.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>A run stops starting new batches after this long, so runs do not pile up; the next run takes the rest.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan TimeBudget { get; set; } = TimeSpan.FromSeconds(50);

    /// <summary>Stop after this many transition batches (unset: no limit besides the time budget).</summary>
    [Range(1, int.MaxValue)]
    public int? MaxBatchesPerRun { get; set; }

    /// <summary>Hours a campaign may wait in review before approvers are reminded, unless the brand's settings say otherwise.</summary>
    [Range(0.01, 24 * 365)]
    public double DefaultApprovalReminderHours { get; set; } = 24;

    /// <summary>Also notify admins (they may approve in every brand).</summary>
    public bool NotifyAdmins { get; set; }

    /// <summary>The daily digest goes out with the first digest timer run at or after this UTC hour.</summary>
    [Range(0, 23)]
    public int DigestHourUtc { get; set; }

    /// <summary>
    /// How long after a start or end a campaign's own orchestration wakes to apply it when the instant's
    /// <see cref="DueInstant"/> orchestration has not (it normally has, set-based, at the instant). Keeps the per-campaign
    /// work away from a crowded instant; zero makes every campaign orchestration act at the instant itself.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan TimedStepGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Start a DueInstant orchestration per start/end instant (off: each campaign's orchestration moves it alone; for comparison).</summary>
    public bool DueInstants { get; set; } = true;

    /// <summary>How long due-transition runs are kept in lifecycle_runs.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan RunRetention { get; set; } = TimeSpan.FromDays(30);
}
