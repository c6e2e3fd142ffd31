using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using StoreSync.Functions.Common.Auth;
using StoreSync.Tests.Brands;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Auth;

/// <summary>Issue 14 #8: the Data Protection keys that sign access tokens are encrypted at rest in PostgreSQL.</summary>
public sealed class KeyRingProtectionTests(StoreSyncApp app) : IClassFixture<StoreSyncApp>
{
    private async Task<string> AccessTokenAsync(StoreSyncApp on, StoreSyncApp.TestUser user)
    {
        var response = await on.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { username = user.Username, password = StoreSyncApp.Password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.BodyAsync()).GetProperty("accessToken").GetString()!;
    }

    private static async Task<HttpStatusCode> MeAsync(StoreSyncApp on, string token)
    {
        var client = on.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await client.GetAsync("/api/v1/auth/me")).StatusCode;
    }

    /// <summary>Another instance of the app over the same database, as a second Function App instance would be.</summary>
    private StoreSyncApp SecondInstance(string keyRingKey, string? previousKeys = null)
    {
        var other = new StoreSyncApp { KeyRingKey = keyRingKey };
        other.UseConnectionString(app.ConnectionString);
        if (previousKeys is not null) other.With(KeyRingProtection.PreviousKeysSetting, previousKeys);
        return other;
    }

    [Fact]
    public async Task TheStoredKeyRingHoldsNoPlaintextKeyMaterial()
    {
        await AccessTokenAsync(app, await app.CreateUserAsync(Roles.Viewer)); // the first token creates the first key
        await using var conn = await app.Db.OpenConnectionAsync();
        var xml = (await conn.QueryAsync<string>("SELECT xml FROM data_protection_keys")).ToList();
        Assert.NotEmpty(xml);
        Assert.All(xml, x =>
        {
            Assert.DoesNotContain("<masterKey", x);
            Assert.DoesNotContain("<value>", x);
            Assert.Contains("<encryptedSecret", x);
            Assert.Contains(nameof(AesGcmXmlDecryptor), x);
        });
    }

    [Fact]
    public async Task TokensWorkAcrossTwoInstancesSharingTheDatabaseAndTheKey()
    {
        var user = await app.CreateUserAsync(Roles.Viewer);
        var token = await AccessTokenAsync(app, user);
        await using var second = SecondInstance(app.KeyRingKey);
        Assert.Equal(HttpStatusCode.OK, await MeAsync(second, token));
        Assert.Equal(HttpStatusCode.OK, await MeAsync(app, await AccessTokenAsync(second, user)));
    }

    [Fact]
    public async Task WithoutTheKeyTheRingCannotBeOpenedAndAfterARotationThePreviousKeyStillOpensIt()
    {
        var user = await app.CreateUserAsync(Roles.Viewer);
        var token = await AccessTokenAsync(app, user);
        var newKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

        await using (var stranger = SecondInstance(newKey))
            Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(stranger, token));
        await using (var rotated = SecondInstance(newKey, previousKeys: app.KeyRingKey))
            Assert.Equal(HttpStatusCode.OK, await MeAsync(rotated, token));
    }
}

/// <summary>The app as deployed (Production) but without Auth:KeyRingEncryptionKey.</summary>
public sealed class ProductionWithoutKeyRingKeyApp : StoreSyncApp
{
    public ProductionWithoutKeyRingKeyApp() => With(KeyRingProtection.KeySetting, "");

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
    }
}

public sealed class KeyRingKeyRequiredTests(ProductionWithoutKeyRingKeyApp app) : IClassFixture<ProductionWithoutKeyRingKeyApp>
{
    [Fact]
    public void InProductionTheAppDoesNotStartWithoutTheKeyRingKey()
    {
        var e = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains(KeyRingProtection.KeySetting, e.ToString());
    }
}
