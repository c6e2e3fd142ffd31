using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using StoreSync.Data.Db;
using StoreSync.Functions.Ai;
using StoreSync.Functions.Analytics;
using StoreSync.Functions.Campaigns;
using StoreSync.Functions.Common.Auth;
using StoreSync.Functions.Common.Http;
using StoreSync.Functions.Common.Problems;
using StoreSync.Functions.Exports;
using StoreSync.Functions.Imports;
using StoreSync.Functions.Lifecycle;
using StoreSync.Functions.Mail;
using StoreSync.Functions.Notifications;
using StoreSync.Functions.Rollouts;
using StoreSync.Functions.Store;
using StoreSync.Functions.Templates;

namespace StoreSync.Functions.Hosting;

/// <summary>
/// Everything StoreSync registers, the same in the Functions worker and in the development host: options (validated at
/// start-up), the database and its migrations, JSON and problem details, authentication, the request pipeline, storage,
/// OpenAPI and every feature's services.
/// </summary>
public static class PlatformSetup
{
    public static IHostApplicationBuilder AddStoreSync(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DatabaseOptions>()
            .Bind(builder.Configuration.GetSection("Database"))
            .Configure<IConfiguration>((o, config) => o.ConnectionString = config[DatabaseOptions.EnvironmentVariable] ?? o.ConnectionString)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        DapperSetup.Configure();
        services.AddSingleton(sp => DataSourceFactory.Create(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString!));
        services.AddHostedService<DatabaseMigrator>();
        services.AddSingleton(TimeProvider.System);

        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase));
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Instance ??= c.HttpContext.Request.Path;
            c.ProblemDetails.Extensions.Remove("exception");
        });
        services.AddSingleton<ProblemExceptionHandler>();
        services.AddSingleton<RequestPipeline>();
        services.AddSingleton(FunctionCatalog.Instance);
        services.AddStoreSyncStorage(builder.Configuration);

        services.AddStoreSyncAuth(builder.Configuration);
        services.AddStoreSyncOpenApi();
        services.AddTemplates();
        services.AddCampaigns();
        services.AddStoreSide();
        services.AddRolloutsAndComments();
        services.AddImports();
        services.AddExports();
        builder.AddLifecycle();
        services.AddCampaignLifecycle();
        builder.AddNotifications();
        builder.AddStoreSyncAi();
        services.AddAnalytics();
        builder.AddMail();
        return builder;
    }
}
