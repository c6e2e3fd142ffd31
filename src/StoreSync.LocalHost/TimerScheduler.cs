using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using NCrontab;
using StoreSync.Functions.Hosting;

namespace StoreSync.LocalHost;

/// <summary>
/// The development host's timer trigger: runs each <c>[TimerTrigger]</c> function on its six-field CRON schedule, never
/// overlapping itself (as on the Functions host), with a <see cref="TimerInfo"/> saying whether the run is past due.
/// </summary>
public sealed class TimerScheduler(FunctionCatalog catalog, IServiceScopeFactory scopes, IOptions<LocalHostOptions> options, TimeProvider time,
    ILogger<TimerScheduler> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunTimers) return Task.CompletedTask;
        // Timers that need a Durable client (the Functions app's outbox drain and reconciliation) are not run here: the local
        // lifecycle pump does that work itself, at once on NOTIFY, so running them too would drain the outbox twice.
        var runnable = catalog.Timers.Where(t => t.Method.GetParameters().All(p => p.ParameterType != typeof(DurableTaskClient)));
        return Task.WhenAll(runnable.Select(t => RunAsync(t, stoppingToken)));
    }

    private async Task RunAsync(TimerFunction function, CancellationToken ct)
    {
        var schedule = CrontabSchedule.Parse(function.Schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        var invoke = FunctionInvoker.For(function.Method);
        DateTimeOffset? last = null;
        var next = function.RunOnStartup ? time.GetUtcNow() : NextAfter(schedule, time.GetUtcNow());
        logger.LogInformation("Timer {Function} scheduled ({Schedule}); next run {Next:o}", function.Name, function.Schedule, next);
        while (!ct.IsCancellationRequested)
        {
            var wait = next - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                try { await Task.Delay(wait, time, ct); }
                catch (OperationCanceledException) { return; }
            }
            var now = time.GetUtcNow();
            var info = new TimerInfo
            {
                IsPastDue = now - next > TimeSpan.FromSeconds(30),
                ScheduleStatus = new ScheduleStatus { Last = (last ?? now).UtcDateTime, Next = NextAfter(schedule, now).UtcDateTime, LastUpdated = now.UtcDateTime },
            };
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await invoke(scope.ServiceProvider, p => p.ParameterType == typeof(TimerInfo) ? info : null, ct);
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
