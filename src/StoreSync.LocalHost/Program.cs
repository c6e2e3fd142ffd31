using StoreSync.Functions.Hosting;
using StoreSync.LocalHost;

// The development host: the Functions app's functions (HTTP, timers, blob triggers) and feature code, on Kestrel.
if (await Commands.TryRunAsync(args) is { } exitCode) return exitCode;

var builder = WebApplication.CreateBuilder(args);
builder.AddLocalHost();
builder.AddStoreSync();

var app = builder.Build();
app.UseLocalHost();
app.MapFunctions();
app.UseFrontend();
app.Run();
return 0;
