using System.Text.Json;
using NCrontab;
using StoreSync.Functions.Hosting.Triggers;

namespace StoreSync.Functions.Hosting.Standalone;

/// <summary>
/// Standalone stand-in for the Functions host's timer trigger: runs each timer function on the six-field
/// CRON schedule in its own function.json, with the same payload the host would send.
/// Runs never overlap here, as on the host (the code is overlap-safe anyway).
/// </summary>
public sealed class TimerScheduler(
    IEnumerable<ITriggerFunction> functions,
    FunctionCatalog catalog,
    Microsoft.Extensions.Options.IOptions<StandaloneOptions> options,
    TimeProvider time,
    ILogger<TimerScheduler> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var runs = new List<Task>();
        if (!options.Value.RunTimers) return Task.CompletedTask;
        foreach (var manifest in catalog.Functions)
        {
            var trigger = manifest.Trigger;
            if (trigger is not { Type: "timerTrigger", Schedule: not null }) continue;
            var function = functions.FirstOrDefault(f => f.Name == manifest.Name);
            if (function is null)
            {
                logger.LogWarning("Timer function {Function} has no handler", manifest.Name);
                continue;
            }
            var schedule = CrontabSchedule.Parse(trigger.Schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
            runs.Add(RunAsync(function, trigger, schedule, stoppingToken));
        }
        return Task.WhenAll(runs);
    }

    private async Task RunAsync(ITriggerFunction function, FunctionBinding trigger, CrontabSchedule schedule, CancellationToken ct)
    {
        DateTimeOffset? last = null;
        var next = NextAfter(schedule, time.GetUtcNow());
        logger.LogInformation("Timer {Function} scheduled ({Schedule}); next run {Next:o}", function.Name, trigger.Schedule, next);
        while (!ct.IsCancellationRequested)
        {
            var wait = next - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                try { await Task.Delay(wait, time, ct); }
                catch (OperationCanceledException) { return; }
            }
            var now = time.GetUtcNow();
            var following = NextAfter(schedule, now);
            var payload = new Dictionary<string, JsonElement>
            {
                [trigger.Name] = JsonSerializer.SerializeToElement(new
                {
                    Schedule = new { AdjustForDST = true },
                    ScheduleStatus = new { Last = last ?? now, Next = following, LastUpdated = now },
                    IsPastDue = now - next > TimeSpan.FromSeconds(30),
                }),
            };
            try
            {
                var response = await function.InvokeAsync(new InvocationRequest(payload, new()), ct);
                foreach (var line in response.Logs) logger.LogDebug("{Function}: {Line}", function.Name, line);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // As on the host, a failed run is logged and waits for the next tick.
                logger.LogError(e, "Timer function {Function} failed", function.Name);
            }
            last = now;
            next = NextAfter(schedule, time.GetUtcNow());
        }
    }

    private static DateTimeOffset NextAfter(CrontabSchedule schedule, DateTimeOffset now) =>
        new(DateTime.SpecifyKind(schedule.GetNextOccurrence(now.UtcDateTime), DateTimeKind.Utc));
}
