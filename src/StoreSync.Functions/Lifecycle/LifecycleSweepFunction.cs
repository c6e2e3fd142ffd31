using StoreSync.Functions.Hosting.Triggers;

namespace StoreSync.Functions.Lifecycle;

/// <summary>The timer function: every minute, advances campaigns whose start or end has come.</summary>
public sealed class LifecycleSweepFunction(LifecycleSweep sweep) : ITriggerFunction
{
    public string Name => "LifecycleSweep";

    public async Task<InvocationResponse> InvokeAsync(InvocationRequest request, CancellationToken ct)
    {
        var timer = TimerInfo.From(request, "timer");
        // Past due or not, everything due is processed: a late run is exactly when there is catching up to do.
        var result = await sweep.RunAsync(timer.IsPastDue, ct);
        return InvocationResponse.WithLogs([$"LifecycleSweep: {result.Summary} isPastDue={timer.IsPastDue}", .. result.Problems]);
    }
}
