using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace StoreSync.Tests.Mail;

/// <summary>
/// The real SMTP server of the tests: smtp4dev, started through scripts/smtp4dev.sh when it is not running (so a bare
/// `dotnet test` works too), on the ports that script reads (STORESYNC_SMTP4DEV_SMTP_PORT / _WEB_PORT, default 2525 / 5025).
/// What it received is read through its REST API. Tests run in parallel: each uses recipients of its own.
/// </summary>
public static class Smtp4Dev
{
    public sealed record Received(string Id, string From, string[] To, string Subject);

    private static readonly Lazy<Task<string>> Started = new(StartAsync);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public static int SmtpPort { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("STORESYNC_SMTP4DEV_SMTP_PORT"), out var p) ? p : 2525;

    /// <summary>The web UI / API base URL, once the server answers.</summary>
    public static Task<string> UrlAsync() => Started.Value;

    private static async Task<string> StartAsync()
    {
        var repo = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(repo, "StoreSync.sln"))) repo = Path.GetDirectoryName(repo.TrimEnd('/'))!;
        var start = new ProcessStartInfo("bash", ["scripts/smtp4dev.sh", "up"])
        {
            WorkingDirectory = repo,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"scripts/smtp4dev.sh up failed: {await stderr}");
        return (await stdout).Trim().Split('\n')[^1].Trim();
    }

    /// <summary>Messages received for <paramref name="recipient"/> (matched exactly), oldest first.</summary>
    public static async Task<IReadOnlyList<Received>> MessagesToAsync(string recipient)
    {
        var url = await UrlAsync();
        var page = await Http.GetFromJsonAsync<JsonElement>($"{url}/api/messages?searchTerms={Uri.EscapeDataString(recipient)}&pageSize=500");
        return page.GetProperty("results").EnumerateArray()
            .Select(m => new Received(m.GetProperty("id").GetString()!, m.GetProperty("from").GetString()!,
                m.GetProperty("to").EnumerateArray().Select(t => t.GetString()!).ToArray(), m.GetProperty("subject").GetString()!))
            .Where(m => m.To.Any(t => string.Equals(t, recipient, StringComparison.OrdinalIgnoreCase)))
            .Reverse().ToList();
    }

    /// <summary>Waits until at least <paramref name="count"/> messages reached <paramref name="recipient"/>; returns what arrived.</summary>
    public static async Task<IReadOnlyList<Received>> WaitForAsync(string recipient, int count = 1, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var messages = await MessagesToAsync(recipient);
            if (messages.Count >= count || deadline.Elapsed > (timeout ?? TimeSpan.FromSeconds(30))) return messages;
            await Task.Delay(200);
        }
    }

    public static async Task<string> PlainTextAsync(string id) => await Http.GetStringAsync($"{await UrlAsync()}/api/messages/{id}/plaintext");

    public static async Task<string> HtmlAsync(string id) => await Http.GetStringAsync($"{await UrlAsync()}/api/messages/{id}/html");

    /// <summary>The message as received, headers included.</summary>
    public static async Task<string> SourceAsync(string id) => await Http.GetStringAsync($"{await UrlAsync()}/api/messages/{id}/source");
}
