using StoreSync.Functions.Ai;
using StoreSync.Functions.Auth;
using StoreSync.Functions.Common.Auth;
using StoreSync.Functions.Health;
using StoreSync.Functions.Hosting;
using StoreSync.Functions.Hosting.Triggers;
using StoreSync.Functions.Imports;
using StoreSync.Functions.Lifecycle;
using StoreSync.Functions.Users;

if (await Commands.TryRunAsync(args) is { } exitCode) return exitCode;

var builder = WebApplication.CreateBuilder(args);
builder.AddStoreSyncPlatform();
builder.Services.AddStoreSyncAuth(builder.Configuration);
builder.Services.AddStoreSyncOpenApi();
builder.AddStoreSyncAi();
builder.Services.AddSingleton<ITriggerFunction, LifecycleSweepFunction>();
builder.Services.AddSingleton<ITriggerFunction, LocationImportFunction>();

var app = builder.Build();
app.UseStoreSyncPlatform();
app.UseAuthentication();
app.UseCurrentUser();
app.UseAuthorization();
app.UseRateLimiter();

app.MapHealth();
app.MapStoreSyncOpenApi();
app.MapAuth();
app.MapUsers();
app.MapAi();
app.MapTriggerFunctions();
app.UseFrontend();
app.Run();
return 0;

public partial class Program;
