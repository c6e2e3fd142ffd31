using StoreSync.Functions.Approvals;
using StoreSync.Functions.Ai;
using StoreSync.Functions.Auth;
using StoreSync.Functions.Brands;
using StoreSync.Functions.Campaigns;
using StoreSync.Functions.Common.Auth;
using StoreSync.Functions.Health;
using StoreSync.Functions.Hosting;
using StoreSync.Functions.Hosting.Triggers;
using StoreSync.Functions.Imports;
using StoreSync.Functions.Lifecycle;
using StoreSync.Functions.Locations;
using StoreSync.Functions.Notifications;
using StoreSync.Functions.Stats;
using StoreSync.Functions.Templates;
using StoreSync.Functions.Users;

if (await Commands.TryRunAsync(args) is { } exitCode) return exitCode;

var builder = WebApplication.CreateBuilder(args);
builder.AddStoreSyncPlatform();
builder.Services.AddStoreSyncAuth(builder.Configuration);
builder.Services.AddStoreSyncOpenApi();
builder.Services.AddTemplates();
builder.Services.AddCampaigns();
builder.Services.AddImports();
builder.AddLifecycle();
builder.AddNotifications();
builder.AddStoreSyncAi();

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
app.MapBrands();
app.MapLocations();
app.MapTemplates();
app.MapCampaigns();
app.MapApprovals();
app.MapStats();
app.MapImports();
app.MapLifecycle();
app.MapNotifications();
app.MapAi();
app.MapTriggerFunctions();
app.UseFrontend();
app.Run();
return 0;

public partial class Program;
