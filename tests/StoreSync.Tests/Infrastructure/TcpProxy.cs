using System.Net;
using System.Net.Sockets;

namespace StoreSync.Tests.Infrastructure;

/// <summary>A loopback TCP forwarder the tests can cut and restore, to take "the database" away from the app.</summary>
public sealed class TcpProxy(string targetHost, int targetPort) : IAsyncDisposable
{
    private TcpListener? _listener;
    private readonly List<TcpClient> _open = [];
    private CancellationTokenSource _cts = new();
    public int Port { get; private set; }

    public void Start()
    {
        _cts = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptLoop(_listener, _cts.Token);
    }

    public void Stop()
    {
        _cts.Cancel();
        _listener?.Stop();
        lock (_open)
        {
            foreach (var c in _open) c.Dispose();
            _open.Clear();
        }
    }

    private async Task AcceptLoop(TcpListener listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient inbound;
            try { inbound = await listener.AcceptTcpClientAsync(ct); }
            catch { return; }
            var outbound = new TcpClient();
            try { await outbound.ConnectAsync(targetHost, targetPort, ct); }
            catch { inbound.Dispose(); outbound.Dispose(); continue; }
            lock (_open) { _open.Add(inbound); _open.Add(outbound); }
            _ = Pump(inbound, outbound, ct);
            _ = Pump(outbound, inbound, ct);
        }
    }

    private static async Task Pump(TcpClient from, TcpClient to, CancellationToken ct)
    {
        try { await from.GetStream().CopyToAsync(to.GetStream(), ct); }
        catch { /* cut */ }
        finally { from.Dispose(); to.Dispose(); }
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }
}
