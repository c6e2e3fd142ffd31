using Dapper;
using Npgsql;

namespace StoreSync.Data.Store;

/// <summary>One redemption as a till reported it (validated: quantity &gt; 0, money ≥ 0).</summary>
public sealed record RedemptionItem(Guid CampaignId, DateTimeOffset At, int Quantity, decimal BasketTotal, decimal Discount, string? VoucherCode);

public sealed record RejectedItem(int Index, string Reason);

public abstract record BatchOutcome
{
    /// <summary>First time this batch id is seen: the answer, now stored for replays.</summary>
    public sealed record Recorded(int Accepted, IReadOnlyList<RejectedItem> Rejected) : BatchOutcome;

    /// <summary>The same batch again: the stored answer (JSON), nothing counted twice.</summary>
    public sealed record Replayed(string ResponseJson) : BatchOutcome;

    /// <summary>The batch id was used before with another body.</summary>
    public sealed record DifferentBody : BatchOutcome;
}

/// <summary>Redemptions reported by store devices, idempotent per (device, batch id).</summary>
public sealed class RedemptionStore(NpgsqlDataSource db)
{
    /// <summary>How far ahead of the server's clock a till's clock may run.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Records a batch in one transaction. The primary key of redemption_batches is the idempotency guard: a second request
    /// with the same (device, batch) waits on the first one's insert, then finds its stored answer. The items are judged,
    /// their vouchers claimed and the redemptions inserted in one set-based statement; a voucher is claimed by a conditional
    /// UPDATE (used_at IS NULL), so of concurrent batches using one code exactly one wins.
    /// </summary>
    public async Task<BatchOutcome> RecordAsync(Guid deviceId, Guid brandId, Guid locationId, string batchId, byte[] requestHash,
        IReadOnlyList<RedemptionItem> items, DateTimeOffset now, Func<int, IReadOnlyList<RejectedItem>, string> answer, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var fresh = await conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO redemption_batches (device_id, batch_id, request_hash) VALUES (@deviceId, @batchId, @requestHash)
            ON CONFLICT (device_id, batch_id) DO NOTHING
            """, new { deviceId, batchId, requestHash }, tx, cancellationToken: ct)) == 1;
        if (!fresh)
        {
            var stored = await conn.QuerySingleAsync<(byte[] Hash, string Response)>(new CommandDefinition(
                "SELECT request_hash, response FROM redemption_batches WHERE device_id = @deviceId AND batch_id = @batchId",
                new { deviceId, batchId }, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
            return stored.Hash.AsSpan().SequenceEqual(requestHash) ? new BatchOutcome.Replayed(stored.Response) : new BatchOutcome.DifferentBody();
        }
        var (accepted, rejectedJson) = await conn.QuerySingleAsync<(int, string)>(new CommandDefinition(RecordSql, Args(deviceId, brandId, locationId,
            batchId, items, now), tx, cancellationToken: ct));
        var rejected = System.Text.Json.JsonSerializer.Deserialize<List<RejectedItem>>(rejectedJson, JsonWeb)!;
        var response = answer(accepted, rejected);
        await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE redemption_batches SET response = @response WHERE device_id = @deviceId AND batch_id = @batchId",
            new { deviceId, batchId, response }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return new BatchOutcome.Recorded(accepted, rejected);
    }

    private static readonly System.Text.Json.JsonSerializerOptions JsonWeb = new(System.Text.Json.JsonSerializerDefaults.Web);

    public static DynamicParameters Args(Guid deviceId, Guid brandId, Guid locationId, string batchId, IReadOnlyList<RedemptionItem> items, DateTimeOffset now)
    {
        var p = new DynamicParameters(new { deviceId, brandId, locationId, batchId, now = now.UtcDateTime, latest = (now + ClockSkew).UtcDateTime });
        p.Add("campaignIds", items.Select(i => i.CampaignId).ToArray());
        p.Add("ats", items.Select(i => i.At.UtcDateTime).ToArray());
        p.Add("quantities", items.Select(i => i.Quantity).ToArray());
        p.Add("totals", items.Select(i => i.BasketTotal).ToArray());
        p.Add("discounts", items.Select(i => i.Discount).ToArray());
        p.Add("codes", items.Select(i => i.VoucherCode).ToArray());
        return p;
    }

    /// <summary>
    /// Judges every item (reason NULL = accepted), claims the vouchers of accepted items, inserts the accepted ones whose voucher
    /// (if any) it claimed, and answers (accepted count, rejected [{index, reason}] with 0-based indexes).
    /// </summary>
    public const string RecordSql = """
        WITH items AS (
            SELECT i.*, i.ord - 1 AS idx
            FROM unnest(@campaignIds::uuid[], @ats::timestamptz[], @quantities::int[], @totals::numeric[], @discounts::numeric[], @codes::text[])
                 WITH ORDINALITY AS i(campaign_id, at, quantity, basket_total, discount, voucher_code, ord)
        ),
        judged AS (
            SELECT i.*, v.id AS voucher_id,
                   CASE
                       WHEN i.at > @latest THEN 'atInTheFuture'
                       WHEN c.id IS NULL THEN 'campaignNotLive'
                       WHEN i.voucher_code IS NULL AND c.offer -> 'requiresVoucher' = 'true'::jsonb THEN 'voucherRequired'
                       WHEN i.voucher_code IS NULL THEN NULL
                       WHEN v.id IS NULL THEN 'voucherUnknown'
                       WHEN v.campaign_id <> i.campaign_id THEN 'voucherOfAnotherCampaign'
                       WHEN v.expires_at IS NOT NULL AND v.expires_at <= i.at THEN 'voucherExpired'
                       WHEN v.used_at IS NOT NULL THEN 'voucherUsed'
                       WHEN row_number() OVER (PARTITION BY v.id ORDER BY i.idx) > 1 THEN 'voucherUsed'
                   END AS reason
            FROM items i
            LEFT JOIN campaigns c ON c.id = i.campaign_id AND c.location_id = @locationId AND c.brand_id = @brandId
                 AND c.status IN ('scheduled', 'active', 'completed') AND c.scheduled_start <= i.at AND i.at < c.scheduled_end
            LEFT JOIN vouchers v ON v.code = upper(i.voucher_code) AND v.brand_id = @brandId
        ),
        claimed AS (
            UPDATE vouchers v SET used_at = @now, used_device_id = @deviceId
            FROM judged j
            WHERE j.reason IS NULL AND j.voucher_id = v.id AND v.used_at IS NULL
            RETURNING v.id
        ),
        inserted AS (
            INSERT INTO redemptions (brand_id, campaign_id, location_id, device_id, batch_id, redeemed_at, quantity, basket_total, discount, voucher_id)
            SELECT @brandId, j.campaign_id, @locationId, @deviceId, @batchId, j.at, j.quantity, j.basket_total, j.discount, j.voucher_id
            FROM judged j
            WHERE j.reason IS NULL AND (j.voucher_id IS NULL OR j.voucher_id IN (SELECT id FROM claimed))
            RETURNING 1
        )
        SELECT (SELECT count(*)::int FROM inserted) AS accepted,
               coalesce((SELECT json_agg(json_build_object('index', j.idx, 'reason', coalesce(j.reason, 'voucherUsed')) ORDER BY j.idx)
                         FROM judged j
                         WHERE j.reason IS NOT NULL OR (j.voucher_id IS NOT NULL AND j.voucher_id NOT IN (SELECT id FROM claimed))), '[]')::text
        """;
}
