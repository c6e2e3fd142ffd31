using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using StoreSync.Data.Users;
using StoreSync.LocalHost;

namespace StoreSync.Tests.Infrastructure;

/// <summary>
/// The real app (the same Program, middleware and endpoints) over a fresh database of its own.
/// Use as a class fixture: every test class gets its own database.
/// </summary>
public class StoreSyncApp : WebApplicationFactory<LocalHostEntryPoint>, IAsyncLifetime
{
    public const string Password = "Correct-Horse-9";
    private string? _databaseName;
    private readonly Dictionary<string, string?> _settings = new();
    private NpgsqlDataSource? _db;

    public string ConnectionString { get; private set; } = "";

    /// <summary>The key that encrypts this app's Data Protection key ring (Auth:KeyRingEncryptionKey); a fresh one per fixture.</summary>
    public string KeyRingKey { get; set; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>The clock the app sees (TimeProvider); tests move it.</summary>
    public TestClock Clock { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>When set, the app reads time from <see cref="Clock"/>; otherwise from the system.</summary>
    protected virtual bool UseTestClock => false;

    /// <summary>Azurite (scripts/azurite.sh): AzureWebJobsStorage when set, else the emulator's default endpoints.</summary>
    public static string StorageConnectionString { get; } =
        Environment.GetEnvironmentVariable("AzureWebJobsStorage") is { Length: > 0 } cs ? cs : "UseDevelopmentStorage=true";

    /// <summary>This app's own imports container, so the blob listeners of apps over other databases never see its blobs.</summary>
    public string ImportsContainer { get; } = "imports-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Extra configuration for derived fixtures (applied before the app starts).</summary>
    public StoreSyncApp With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    public NpgsqlDataSource Db => _db ??= NpgsqlDataSource.Create(ConnectionString);

    public virtual async Task InitializeAsync()
    {
        if (ConnectionString.Length == 0)
        {
            (_databaseName, ConnectionString) = await TestDatabase.CreateAsync();
        }
    }

    /// <summary>Points the app at another database (e.g. an empty or unreachable one) before it starts.</summary>
    public void UseConnectionString(string cs) => ConnectionString = cs;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("STORESYNC_DB", ConnectionString);
        builder.UseSetting("LocalHost:RunTimers", "false");
        builder.UseSetting("LocalHost:RunLifecycle", "false"); // orchestration tests start their own durable hosts
        builder.UseSetting("LocalHost:BlobPollInterval", "00:00:00.100");
        builder.UseSetting("AzureWebJobsStorage", StorageConnectionString);
        builder.UseSetting("ImportsContainer", ImportsContainer);
        builder.UseSetting("Auth:LoginPermitLimit", "100000");
        builder.UseSetting("Auth:SignInThrottle:FreeFailures", "1000"); // per-account backoff: its own tests lower it
        builder.UseSetting("Auth:KeyRingEncryptionKey", KeyRingKey); // one per fixture, as each environment has its own
        builder.UseSetting("Auth:BootstrapAdminUsername", "");
        foreach (var (k, v) in _settings) builder.UseSetting(k, v);
        builder.ConfigureServices(services =>
        {
            if (UseTestClock)
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(Clock);
            }
            ConfigureTestServices(services);
        });
    }

    protected virtual void ConfigureTestServices(IServiceCollection services) { }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        if (_db is not null) await _db.DisposeAsync();
        if (_databaseName is not null) await TestDatabase.DropAsync(_databaseName);
        await new Azure.Storage.Blobs.BlobContainerClient(StorageConnectionString, ImportsContainer).DeleteIfExistsAsync();
    }

    // ---- identities -------------------------------------------------------------------------------

    public sealed record TestUser(Guid Id, string Username, string Role, Guid[] BrandIds);

    /// <summary>Creates a user directly in the database (fast), with the given role and memberships.</summary>
    public async Task<TestUser> CreateUserAsync(string role, Guid[]? brandIds = null, Guid[]? locationIds = null, string? username = null)
    {
        var id = Guid.CreateVersion7();
        username ??= $"{role}-{Guid.NewGuid().ToString("N")[..12]}"; // not the v7 id: its leading digits are the timestamp
        var hash = new PasswordHasher<UserRow>().HashPassword(null!, Password);
        await using var conn = await Db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await new UserStore(Db).InsertAsync(conn, tx, id, username, $"{username}@example.test", username, hash, role, true,
            brandIds ?? [], locationIds ?? [], CancellationToken.None);
        await tx.CommitAsync();
        return new TestUser(id, username, role, brandIds ?? []);
    }

    /// <summary>A client signed in as the user (through the real token endpoint).</summary>
    public async Task<HttpClient> ClientAsync(TestUser user)
    {
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { username = user.Username, password = Password });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        return client;
    }

    /// <summary>A user of the role plus a client signed in as them.</summary>
    public async Task<(TestUser User, HttpClient Client)> SignInAsNewAsync(string role, Guid[]? brandIds = null, Guid[]? locationIds = null)
    {
        var user = await CreateUserAsync(role, brandIds, locationIds);
        return (user, await ClientAsync(user));
    }

    // ---- data ---------------------------------------------------------------------------------------

    public async Task<Guid> CreateBrandAsync(string? name = null, string? slug = null)
    {
        var id = Guid.CreateVersion7();
        var suffix = Guid.NewGuid().ToString("N")[..12]; // not the v7 id: its leading digits are the timestamp
        name ??= "Brand " + suffix;
        slug ??= "brand-" + suffix;
        await using var conn = await Db.OpenConnectionAsync();
        await conn.ExecuteAsync("INSERT INTO brands (id, name, slug) VALUES (@id, @name, @slug)", new { id, name, slug });
        return id;
    }

    public async Task<Guid> CreateLocationAsync(Guid brandId, string? storeNumber = null, string timeZone = "America/Chicago",
        string? name = null, string? city = "Chicago", string? attributesJson = null, bool isActive = true)
    {
        var id = Guid.CreateVersion7();
        storeNumber ??= Guid.NewGuid().ToString("N")[..10];
        await using var conn = await Db.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            INSERT INTO locations (id, brand_id, store_number, name, street, city, state, postal_code, country, time_zone, attributes, is_active)
            VALUES (@id, @brandId, @storeNumber, @name, '1 Main St', @city, 'IL', '60601', 'US', @timeZone, @attributes::jsonb, @isActive)
            """, new { id, brandId, storeNumber, name = name ?? $"Store {storeNumber}", city, timeZone, attributes = attributesJson ?? "{}", isActive });
        return id;
    }
}
