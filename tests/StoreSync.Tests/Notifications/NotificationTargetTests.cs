using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using StoreSync.Functions.Common.Auth;
using StoreSync.Tests.Campaigns;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Notifications;

/// <summary>A notification carries what the app needs to open what it is about: the campaign and, if any, its rollout.</summary>
public sealed class NotificationTargetTests(StoreSyncApp app) : IClassFixture<StoreSyncApp>
{
    [Fact]
    public async Task ANotificationNamesItsCampaignAndThatCampaignsRolloutUnreadFirst()
    {
        var brand = await app.CreateBrandAsync();
        var template = await app.CreateTemplateAsync(brand);
        var store = await app.CreateLocationAsync(brand);
        var rollout = Guid.CreateVersion7();
        var (me, client) = await app.SignInAsNewAsync(Roles.LocationManager, [brand]);
        var inRollout = await app.CreateCampaignAsync(brand, store, template, "rejected", name: "Part of a rollout");
        var alone = await app.CreateCampaignAsync(brand, store, template, "approved", name: "On its own");
        var (readOne, unreadOne) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        await using (var conn = await app.Db.OpenConnectionAsync())
        {
            await conn.ExecuteAsync("""
                INSERT INTO rollouts (id, brand_id, template_id, name) VALUES (@rollout, @brand, @template, 'Winter');
                UPDATE campaigns SET rollout_id = @rollout WHERE id = @inRollout;
                INSERT INTO notifications (id, user_id, brand_id, kind, title, body, campaign_id, dedupe_key, created_at, read_at) VALUES
                  (@readOne, @user, @brand, 'campaignApproved', 'Approved', '', @alone, 'a:' || @readOne, now(), now()),
                  (@unreadOne, @user, @brand, 'campaignRejected', 'Rejected', '', @inRollout, 'a:' || @unreadOne, now() - interval '1 hour', NULL);
                """, new { rollout, brand, template, inRollout, alone, readOne, unreadOne, user = me.Id });
        }

        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/notifications");

        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([unreadOne, readOne], items.Select(i => i.GetProperty("id").GetGuid()));
        Assert.Equal(inRollout, items[0].GetProperty("campaignId").GetGuid());
        Assert.Equal(rollout, items[0].GetProperty("rolloutId").GetGuid());
        Assert.Equal(JsonValueKind.Null, items[1].GetProperty("rolloutId").ValueKind);
    }
}
