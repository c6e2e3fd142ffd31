namespace StoreSync.Functions.Hosting;

/// <summary>
/// Whether the Functions host started us (custom handler) or we run on our own (standalone).
/// The host announces itself by setting FUNCTIONS_CUSTOMHANDLER_PORT.
/// </summary>
public sealed record HandlerMode(bool IsCustomHandler, int Port, string Host)
{
    public bool IsStandalone => !IsCustomHandler;

    public static HandlerMode Detect(IConfiguration config)
    {
        var hostPort = config["FUNCTIONS_CUSTOMHANDLER_PORT"];
        if (!string.IsNullOrWhiteSpace(hostPort))
        {
            if (!int.TryParse(hostPort, out var port) || port is < 1 or > 65535)
                throw new InvalidOperationException($"FUNCTIONS_CUSTOMHANDLER_PORT is not a valid port: '{hostPort}'.");
            return new HandlerMode(true, port, "127.0.0.1");
        }
        var standalonePort = config["STORESYNC_PORT"] ?? config["Standalone:Port"];
        var p = 7071;
        if (!string.IsNullOrWhiteSpace(standalonePort) && (!int.TryParse(standalonePort, out p) || p is < 1 or > 65535))
            throw new InvalidOperationException($"STORESYNC_PORT is not a valid port: '{standalonePort}'.");
        return new HandlerMode(false, p, config["Standalone:Host"] ?? "127.0.0.1");
    }
}
