using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace StoreSync.Functions.Mail;

/// <summary>
/// Whether the SMTP server answers: what the sender last saw, or, when it has not tried lately (nothing to send), a TCP
/// connect to the server. Reported by /api/health as "mail": ok | degraded | disabled; never fails the health check.
/// </summary>
public sealed class MailHealth(IOptions<MailOptions> options)
{
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(15);
    // A reference, swapped whole: the sender and health checks run on different threads.
    private sealed record Observation(bool Ok, long At, string? Error);
    private volatile Observation? _last;
    private Task<bool>? _probe;

    public void Reachable() => _last = new Observation(true, Stopwatch.GetTimestamp(), null);
    public void Unreachable(string error) => _last = new Observation(false, Stopwatch.GetTimestamp(), error);

    public async Task<string> StatusAsync(CancellationToken ct)
    {
        var o = options.Value;
        if (!o.Enabled) return "disabled";
        if (_last is { } last && Stopwatch.GetElapsedTime(last.At) < Fresh) return last.Ok ? "ok" : "degraded";
        // One probe at a time, shared by concurrent health checks.
        var probe = _probe ??= ProbeAsync(o);
        try
        {
            return await probe.WaitAsync(ct) ? "ok" : "degraded";
        }
        finally
        {
            if (probe.IsCompleted) _ = Interlocked.CompareExchange(ref _probe, null, probe);
        }
    }

    private async Task<bool> ProbeAsync(MailOptions o)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(o.Host!, o.Port, timeout.Token);
            Reachable();
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or IOException)
        {
            Unreachable(e.Message);
            return false;
        }
    }
}
