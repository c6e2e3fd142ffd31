using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using StoreSync.Data.Migrations;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Platform;

public sealed class HealthTests(StoreSyncApp app) : IClassFixture<StoreSyncApp>
{
    [Fact]
    public async Task HealthReportsDatabasePgvectorAndSchemaVersion()
    {
        var response = await app.CreateClient().GetAsync("/api/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.Equal("ok", body.GetProperty("database").GetString());
        Assert.Equal("0.8.0", body.GetProperty("pgvector").GetString());
        Assert.Equal(MigrationRunner.LatestVersion, body.GetProperty("schemaVersion").GetInt32());
    }

    [Fact]
    public async Task UnknownApiRouteIs404ProblemNot500()
    {
        var response = await app.CreateClient().GetAsync("/api/v1/nope");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

public sealed class DatabaseDownTests : IAsyncLifetime
{
    private readonly TcpProxy _proxy;
    private readonly StoreSyncApp _app = new();
    private string _dbName = "";

    public DatabaseDownTests()
    {
        var server = new NpgsqlConnectionStringBuilder(TestDatabase.ServerConnectionString);
        _proxy = new TcpProxy(server.Host!, server.Port);
    }

    public async Task InitializeAsync()
    {
        _proxy.Start();
        var (name, cs) = await TestDatabase.CreateAsync();
        _dbName = name;
        _app.UseConnectionString(new NpgsqlConnectionStringBuilder(cs) { Port = _proxy.Port, Timeout = 2 }.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)_app).DisposeAsync();
        await _proxy.DisposeAsync();
        await TestDatabase.DropAsync(_dbName);
    }

    [Fact]
    public async Task HealthIs503WhileTheDatabaseIsDownAndRecoversWithoutRestart()
    {
        var client = _app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/health")).StatusCode);

        _proxy.Stop();
        var down = await client.GetAsync("/api/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal("application/problem+json", down.Content.Headers.ContentType?.MediaType);
        var problem = await down.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("unavailable", problem.GetProperty("database").GetString());
        Assert.Equal(503, problem.GetProperty("status").GetInt32());

        _proxy.Start();
        HttpStatusCode status = default;
        for (var i = 0; i < 20 && status != HttpStatusCode.OK; i++)
        {
            status = (await client.GetAsync("/api/health")).StatusCode;
            if (status != HttpStatusCode.OK) await Task.Delay(250);
        }
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task ApiRequestsAre503NotServerErrorsWhileTheDatabaseIsDown()
    {
        var client = _app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/health")).StatusCode);
        _proxy.Stop();
        var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { username = "someone", password = "whatever-it-is" });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(response.Headers.Contains("Retry-After"));
        _proxy.Start();
    }
}
