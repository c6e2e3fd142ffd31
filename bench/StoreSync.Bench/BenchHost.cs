using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace StoreSync.Bench;

/// <summary>
/// The development host as the tests run it, on Kestrel at a free loopback port, with nothing in the background competing
/// with the measured requests (no timers, lifecycle, blob listener or embedding workers), and a client signed in as a user.
/// </summary>
public sealed class BenchHost : IAsyncDisposable
{
    private readonly WebApplicationFactory<StoreSync.LocalHost.LocalHostEntryPoint> _app;

    public HttpClient Http { get; }

    private BenchHost(WebApplicationFactory<StoreSync.LocalHost.LocalHostEntryPoint> app, HttpClient http) => (_app, Http) = (app, http);

    public static async Task<BenchHost> StartAsync(string connectionString, string username, string password, TimeSpan timeout)
    {
        var app = new WebApplicationFactory<StoreSync.LocalHost.LocalHostEntryPoint>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            b.UseContentRoot(AppContext.BaseDirectory);
            b.UseSetting("urls", "http://127.0.0.1:0"); // any free loopback port; read back below
            b.UseSetting("STORESYNC_DB", connectionString);
            b.UseSetting("LocalHost:RunTimers", "false");
            b.UseSetting("LocalHost:RunLifecycle", "false");
            b.UseSetting("Ai:BackgroundWorkers", "false");
            b.UseSetting("LocalHost:RunBlobTriggers", "false");
            b.UseSetting("AzureWebJobsStorage", Environment.GetEnvironmentVariable("AzureWebJobsStorage") ?? "UseDevelopmentStorage=true");
            b.UseSetting("Auth:LoginPermitLimit", "100000");
            b.UseSetting("Auth:BootstrapAdminUsername", "");
            b.UseSetting("Logging:LogLevel:Default", "Warning");
        });
        app.UseKestrel();
        app.StartServer();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = new Uri(address), Timeout = timeout };
        var token = await (await http.PostAsJsonAsync("/api/v1/auth/token", new { username, password })).Content.ReadFromJsonAsync<JsonElement>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        return new BenchHost(app, http);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.DisposeAsync();
    }
}
