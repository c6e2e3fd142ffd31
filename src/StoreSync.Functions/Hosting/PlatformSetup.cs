using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Npgsql;
using StoreSync.Data.Db;
using StoreSync.Functions.Common.Problems;
using StoreSync.Functions.Hosting.Standalone;
using StoreSync.Functions.Hosting.Triggers;

namespace StoreSync.Functions.Hosting;

public static class PlatformSetup
{
    /// <summary>Kestrel, options, database, JSON, problem details, logging, and the trigger plumbing.</summary>
    public static WebApplicationBuilder AddStoreSyncPlatform(this WebApplicationBuilder builder)
    {
        var mode = HandlerMode.Detect(builder.Configuration);
        builder.Services.AddSingleton(mode);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = 1024 * 1024; // JSON API default; uploads and triggers raise it per endpoint
        });
        if (!builder.Environment.IsEnvironment("Testing"))
            builder.WebHost.UseUrls($"http://{mode.Host}:{mode.Port}");

        builder.Logging.ClearProviders();
        if (mode.IsCustomHandler || builder.Configuration["Logging:Format"] == "json")
            builder.Logging.AddJsonConsole(o => { o.IncludeScopes = true; o.UseUtcTimestamp = true; });
        else
            builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; o.UseUtcTimestamp = true; });

        builder.Services.AddOptions<DatabaseOptions>()
            .Bind(builder.Configuration.GetSection("Database"))
            .Configure<IConfiguration>((o, config) => o.ConnectionString = config[DatabaseOptions.EnvironmentVariable] ?? o.ConnectionString)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<StandaloneOptions>()
            .Bind(builder.Configuration.GetSection("Standalone"))
            .Configure<IHostEnvironment>((o, env) =>
            {
                o.DropFolder ??= Path.Combine(env.ContentRootPath, ".data", "imports");
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();

        DapperSetup.Configure();
        builder.Services.AddSingleton(sp => DataSourceFactory.Create(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString!));
        builder.Services.AddHostedService<DatabaseMigrator>();
        builder.Services.AddSingleton(TimeProvider.System);

        builder.Services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase));
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Instance ??= c.HttpContext.Request.Path;
            c.ProblemDetails.Extensions.Remove("exception");
        });
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();

        builder.Services.AddSingleton(FunctionCatalog.Load());
        if (mode.IsStandalone)
        {
            builder.Services.AddHostedService<TimerScheduler>();
            builder.Services.AddHostedService<DropFolderWatcher>();
        }
        return builder;
    }

    public static WebApplication UseStoreSyncPlatform(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        var mode = app.Services.GetRequiredService<HandlerMode>();
        if (mode.IsCustomHandler)
        {
            // The Functions host probes / for readiness before it sends anything else.
            app.MapGet("/", () => Results.Ok(new { status = "ready" })).ExcludeFromDescription();
        }
        return app;
    }

    /// <summary>Standalone mode serves the built front end at / with SPA fallback (the API stays under /api).</summary>
    public static WebApplication UseFrontend(this WebApplication app)
    {
        var mode = app.Services.GetRequiredService<HandlerMode>();
        var path = app.Services.GetRequiredService<IOptions<StandaloneOptions>>().Value.FrontendPath;
        if (mode.IsCustomHandler || string.IsNullOrWhiteSpace(path) || !File.Exists(Path.Combine(path, "index.html"))) return app;
        var files = new PhysicalFileProvider(Path.GetFullPath(path));
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = c =>
            {
                // Hashed assets never change; index.html and config.js must be revalidated.
                c.Context.Response.Headers.CacheControl = c.File.Name.StartsWith("index") || c.File.Name == "config.js"
                    ? "no-cache" : "public, max-age=31536000, immutable";
            },
        });
        app.MapFallback("{*path:nonfile}", async (HttpContext http) =>
        {
            if (http.Request.Path.StartsWithSegments("/api"))
                return Problem.NotFound("endpoint");
            http.Response.Headers.CacheControl = "no-cache";
            return Results.File(files.GetFileInfo("index.html").PhysicalPath!, "text/html; charset=utf-8");
        }).ExcludeFromDescription();
        return app;
    }
}
