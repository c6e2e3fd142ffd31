using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using StoreSync.Functions.Common.Http;
using StoreSync.Functions.Common.Problems;
using StoreSync.LocalHost.Durable;

namespace StoreSync.LocalHost;

/// <summary>Marks the development host's assembly: tests start it with WebApplicationFactory&lt;LocalHostEntryPoint&gt;.</summary>
public sealed class LocalHostEntryPoint;

/// <summary>Settings of the development host (section LocalHost; STORESYNC_PORT overrides the port).</summary>
public sealed class LocalHostOptions
{
    [Range(1, 65535)]
    public int Port { get; set; } = 7071;

    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Run timer functions on their [TimerTrigger] schedules.</summary>
    public bool RunTimers { get; set; } = true;

    /// <summary>Deliver new blobs to [BlobTrigger] functions.</summary>
    public bool RunBlobTriggers { get; set; } = true;

    /// <summary>How often containers are listed for new blobs.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan BlobPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Run campaign lifecycle orchestrations (and their outbox pump); the lifecycle timer sweep runs as well.</summary>
    public bool RunLifecycle { get; set; } = true;

    /// <summary>Folder with the built front end, served at /.</summary>
    public string? FrontendPath { get; set; }

    /// <summary>Proxies whose X-Forwarded-For is trusted (none by default: the client's own address counts).</summary>
    public string[] TrustedProxies { get; set; } = [];
}

public static class LocalHostSetup
{
    public static WebApplicationBuilder AddLocalHost(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<LocalHostOptions>()
            .Bind(builder.Configuration.GetSection("LocalHost"))
            .Configure<IConfiguration>((o, config) =>
            {
                if (int.TryParse(config["STORESYNC_PORT"], out var port)) o.Port = port;
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var options = builder.Configuration.GetSection("LocalHost").Get<LocalHostOptions>() ?? new LocalHostOptions();
        var port = builder.Configuration["STORESYNC_PORT"] is { } p && int.TryParse(p, out var parsed) ? parsed : options.Port;
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = RequestPipeline.JsonBodyLimit; // uploads raise it per function
        });
        if (!builder.Environment.IsEnvironment("Testing"))
            builder.WebHost.UseUrls($"http://{options.Host}:{port}");

        builder.Logging.ClearProviders();
        if (builder.Configuration["Logging:Format"] == "json")
            builder.Logging.AddJsonConsole(o => { o.IncludeScopes = true; o.UseUtcTimestamp = true; });
        else
            builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; o.UseUtcTimestamp = true; });

        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            // Only the configured proxies (ASP.NET Core would trust loopback by default, and everyone with empty lists).
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in options.TrustedProxies) o.KnownProxies.Add(IPAddress.Parse(proxy));
        });
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        // The campaign lifecycle: one orchestration per campaign on the Durable Task SDK (Azurite's task hub by default; tests
        // use the in-memory backend), and the pump that delivers committed transitions from the outbox to them.
        builder.Services.AddOptions<LocalDurableOptions>().BindConfiguration("LocalHost:Durable");
        builder.Services.AddOptions<LocalLifecyclePumpOptions>().BindConfiguration("LocalHost:Lifecycle");
        if (options.RunLifecycle)
            builder.Services.AddLocalCampaignLifecycle(o =>
            {
                builder.Configuration.GetSection("LocalHost:Durable").Bind(o);
                o.StorageConnectionString = builder.Configuration[StoreSync.Functions.Hosting.Storage.Setting] ?? o.StorageConnectionString;
                o.TaskHubName = builder.Configuration[StoreSync.Functions.Lifecycle.CampaignLifecycleFunctions.TaskHubSetting] ?? o.TaskHubName;
            }, pump => builder.Configuration.GetSection("LocalHost:Lifecycle").Bind(pump));
        builder.Services.AddHostedService<TimerScheduler>();
        builder.Services.AddHostedService<BlobListener>();
        return builder;
    }

    public static WebApplication UseLocalHost(this WebApplication app)
    {
        // With no trusted proxy, X-Forwarded-For is ignored: a client cannot pick the address it is rate-limited by.
        if (app.Services.GetRequiredService<IOptions<LocalHostOptions>>().Value.TrustedProxies.Length > 0)
            app.UseForwardedHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    /// <summary>Serves the built front end at / with SPA fallback (the API stays under /api), with its security headers.</summary>
    public static WebApplication UseFrontend(this WebApplication app)
    {
        var path = app.Services.GetRequiredService<IOptions<LocalHostOptions>>().Value.FrontendPath;
        if (string.IsNullOrWhiteSpace(path) || !File.Exists(Path.Combine(path, "index.html"))) return app;
        var files = new PhysicalFileProvider(Path.GetFullPath(path));
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = c =>
            {
                FrontendHeaders.Apply(c.Context);
                // Hashed assets never change; index.html and config.js must be revalidated.
                c.Context.Response.Headers.CacheControl = c.File.Name.StartsWith("index") || c.File.Name == "config.js"
                    ? "no-cache" : "public, max-age=31536000, immutable";
            },
        });
        app.MapFallback("{*path:nonfile}", (HttpContext http) =>
        {
            if (http.Request.Path.StartsWithSegments("/api"))
                return Problem.NotFound("endpoint");
            FrontendHeaders.Apply(http);
            http.Response.Headers.CacheControl = "no-cache";
            return Results.File(files.GetFileInfo("index.html").PhysicalPath!, "text/html; charset=utf-8");
        });
        return app;
    }
}

/// <summary>The front end's headers: the policy of frontend/public/staticwebapp.config.json (Azure Static Web Apps), here for the development host.</summary>
public static class FrontendHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static void Apply(HttpContext http)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers.XFrameOptions = "DENY";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        if (http.Request.IsHttps) headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
    }
}
