using System.Globalization;
using System.Security.Cryptography;
using Npgsql;
using QRCoder;
using StoreSync.Data.Audit;
using StoreSync.Data.Vouchers;
using StoreSync.Functions.Common.Auth;
using StoreSync.Functions.Common.Paging;
using StoreSync.Functions.Common.Problems;
using StoreSync.Functions.Common.Validation;
using StoreSync.Functions.Exports;

namespace StoreSync.Functions.Vouchers;

public sealed record VoucherRequest(int? Count, string? Prefix, DateTimeOffset? ExpiresAt);

public sealed record VouchersCreated(int Created);

public sealed record VoucherResponse(string Code, DateTime CreatedAt, DateTime? ExpiresAt, DateTime? UsedAt)
{
    public static VoucherResponse From(VoucherRow r) => new(r.Code, r.CreatedAt.UtcDateTime, r.ExpiresAt?.UtcDateTime, r.UsedAt?.UtcDateTime);
}

public static class VouchersApi
{
    public const int MaxCount = 100_000;
    public const int MaxPrefixLength = 12;

    /// <summary>
    /// Generates unique single-use codes: an optional prefix, then 16 base32 characters of 10 random bytes (80 bits, not
    /// guessable). All inserted in one statement; the rare random collision with an existing code is drawn again.
    /// </summary>
    internal static async Task<IResult> Create(Guid id, VoucherRequest body, HttpContext http, NpgsqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        var me = http.CurrentUser();
        var prefix = string.IsNullOrWhiteSpace(body.Prefix) ? null : body.Prefix.Trim().ToUpperInvariant();
        var v = new Validator();
        if (body.Count is not (>= 1 and <= MaxCount)) v.Add("count", $"count must be 1 to {MaxCount:N0}.");
        if (prefix is not null && (prefix.Length > MaxPrefixLength || !prefix.All(c => c is >= 'A' and <= 'Z' or >= '0' and <= '9')))
            v.Add("prefix", $"prefix is 1 to {MaxPrefixLength} letters or digits.");
        if (body.ExpiresAt is { } expires && expires <= clock.GetUtcNow()) v.Add("expiresAt", "expiresAt must be in the future.");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await VoucherStore.CampaignAsync(conn, tx, id, me.CampaignScope, ct) is not { } campaign) return Problem.NotFound("campaign");
        if (!me.CanManageBrand(campaign.BrandId)) return Problem.Forbidden("Only admins and the brand's brand managers create vouchers.");
        if (!v.IsValid) return v.ToResult();
        var created = 0;
        for (var attempt = 0; created < body.Count && attempt < 3; attempt++)
            created += await VoucherStore.InsertAsync(conn, tx, campaign, NewCodes(body.Count!.Value - created, prefix), body.ExpiresAt, ct);
        await AuditLog.WriteAsync(conn, tx, me.Id, campaign.BrandId, "create", "vouchers", id, new { created, prefix, body.ExpiresAt }, ct);
        await tx.CommitAsync(ct);
        return Results.Ok(new VouchersCreated(created));
    }

    internal static string[] NewCodes(int count, string? prefix)
    {
        var random = RandomNumberGenerator.GetBytes(count * 10);
        var codes = new string[count];
        for (var i = 0; i < count; i++)
        {
            var code = Base32.Encode(random.AsSpan(i * 10, 10));
            codes[i] = prefix is null ? code : prefix + "-" + code;
        }
        return codes;
    }

    /// <summary>?format=json (paged, by code) or csv (every code, streamed); ?status=unused|used.</summary>
    internal static async Task<IResult> List(Guid id, HttpContext http, NpgsqlDataSource db, string? format, string? status, int? page, int? pageSize,
        CancellationToken ct)
    {
        var me = http.CurrentUser();
        var v = new Validator().OneOf("format", format, ["json", "csv"], required: false).OneOf("status", status, ["unused", "used"], required: false);
        if (!v.IsValid) return v.ToResult();
        await using (var conn = await db.OpenConnectionAsync(ct))
            if (await VoucherStore.CampaignAsync(conn, null, id, me.CampaignScope, ct) is null) return Problem.NotFound("campaign");
        bool? used = status switch { "used" => true, "unused" => false, _ => null };
        var store = new VoucherStore(db);
        if (format == "csv")
            return Results.Stream(body => SpreadsheetExport.WriteCsvAsync(body, ["code", "createdAt", "expiresAt", "usedAt"],
                    Rows(store.StreamAsync(id, used, ct)), ct),
                SpreadsheetExport.CsvContentType, $"campaign-{id}-vouchers.csv");
        var p = PageRequest.From(page, pageSize);
        var (items, total) = await store.ListAsync(id, used, p.Offset, p.PageSize, ct);
        return Results.Ok(new Page<VoucherResponse>(items.Select(VoucherResponse.From).ToList(), p.Page, p.PageSize, total));
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static async IAsyncEnumerable<object?[]> Rows(IAsyncEnumerable<VoucherRow> vouchers)
    {
        await foreach (var r in vouchers)
            yield return [r.Code, Iso(r.CreatedAt), r.ExpiresAt is { } e ? Iso(e) : "", r.UsedAt is { } u ? Iso(u) : ""];
    }

    /// <summary>The code as a QR image for print (PNG drawn by QRCoder itself, no System.Drawing); members of the campaign's brand only.</summary>
    internal static async Task<IResult> Qr(string code, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        code = code.Trim().ToUpperInvariant();
        if (code.Length > 64 || !await new VoucherStore(db).VisibleAsync(code, http.CurrentUser().CampaignScope, ct)) return Problem.NotFound("voucher");
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(code, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(8);
        http.Response.Headers.CacheControl = "private, max-age=3600";
        return Results.File(png, "image/png");
    }
}
