using Microsoft.Azure.Functions.Worker.Builder;
using StoreSync.Functions.Hosting;

// The Azure Functions app (isolated worker, ASP.NET Core integration). Functions live next to their feature code
// (Campaigns/CampaignsFunctions.cs, ...); the development host (src/StoreSync.LocalHost) runs the same functions.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<ApiMiddleware>();
builder.AddStoreSync();
builder.Build().Run();
