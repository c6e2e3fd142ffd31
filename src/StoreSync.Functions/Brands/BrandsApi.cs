using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;
using StoreSync.Data.Audit;
using StoreSync.Data.Brands;
using StoreSync.Functions.Common.Auth;
using StoreSync.Functions.Common.Paging;
using StoreSync.Functions.Common.Problems;
using StoreSync.Functions.Common.Validation;
using StoreSync.Functions.Locations;
using StoreSync.Data.Db;

namespace StoreSync.Functions.Brands;

/// <summary>
/// Brand voice and guidelines (used by AI drafting), how long a review may wait before a reminder, and the time zone
/// imports give stores whose row names none.
/// </summary>
public sealed record BrandSettings(string? Voice, string? Guidelines, int ApprovalReminderHours = BrandSettings.DefaultReminderHours,
    string? DefaultTimeZone = null)
{
    public const int DefaultReminderHours = 24;
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Stored settings; keys missing from older rows take their defaults.</summary>
    public static BrandSettings Parse(string json) => JsonSerializer.Deserialize<BrandSettings>(json, Json) ?? new(null, null);
}

public sealed record BrandResponse(Guid Id, string Name, string Slug, BrandSettings Settings, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static BrandResponse From(BrandRow b) => new(b.Id, b.Name, b.Slug, BrandSettings.Parse(b.Settings), b.CreatedAt.UtcDateTime, b.UpdatedAt.UtcDateTime);
}

/// <summary>Settings in a request: only the keys present change (PATCH), unknown keys are ignored.</summary>
public sealed record BrandSettingsInput(string? Voice, string? Guidelines, int? ApprovalReminderHours, string? DefaultTimeZone);

public sealed record CreateBrandRequest(string? Name, string? Slug, BrandSettingsInput? Settings);

public sealed record UpdateBrandRequest(string? Name, string? Slug, BrandSettingsInput? Settings);

public static partial class BrandsApi
{

    internal static async Task<IResult> List(HttpContext http, NpgsqlDataSource db, string? q, string? sort, int? page, int? pageSize, CancellationToken ct)
    {
        var p = PageRequest.From(page, pageSize);
        var (items, total) = await new BrandStore(db).ListAsync(new BrandListQuery(q, sort ?? "name", p.Offset, p.PageSize), http.CurrentUser().BrandScope, ct);
        return Results.Ok(new Page<BrandResponse>(items.Select(BrandResponse.From).ToList(), p.Page, p.PageSize, total));
    }

    internal static async Task<IResult> Get(Guid brandId, HttpContext http, NpgsqlDataSource db, CancellationToken ct) =>
        await new BrandStore(db).FindAsync(brandId, http.CurrentUser().BrandScope, ct) is { } b ? Results.Ok(BrandResponse.From(b)) : Problem.NotFound("brand");

    internal static async Task<IResult> Create(CreateBrandRequest body, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        var me = http.CurrentUser();
        if (!me.IsAdmin) return Problem.Forbidden("Only admins create brands.");
        var v = new Validator().Required("name", body.Name, 200);
        ValidateSlug(v, body.Slug, required: true);
        ValidateSettings(v, body.Settings);
        if (!v.IsValid) return v.ToResult();
        var settings = Merge(new BrandSettings(null, null), body.Settings);
        var id = Guid.CreateVersion7();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        BrandRow row;
        try
        {
            row = await BrandStore.InsertAsync(conn, tx, id, body.Name!.Trim(), body.Slug!, Serialize(settings), ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return SlugTaken(body.Slug!);
        }
        await AuditLog.WriteAsync(conn, tx, me.Id, id, "create", "brand", id, new { row.Name, row.Slug, settings }, ct);
        await tx.CommitAsync(ct);
        return Results.Created($"/api/v1/brands/{id}", BrandResponse.From(row));
    }

    internal static async Task<IResult> Update(Guid brandId, UpdateBrandRequest body, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        var me = http.CurrentUser();
        if (!me.IsBrandManagerOrAdmin) return Problem.Forbidden("Only admins and brand managers change brands.");
        if (!me.CanSeeBrand(brandId)) return Problem.NotFound("brand");
        var v = new Validator();
        if (body.Name is not null) v.Required("name", body.Name, 200);
        ValidateSlug(v, body.Slug, required: false);
        ValidateSettings(v, body.Settings);
        if (!v.IsValid) return v.ToResult();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await BrandStore.LockAsync(conn, tx, brandId, ct) is not { } current) return Problem.NotFound("brand");
        var settings = body.Settings is null ? null : Merge(BrandSettings.Parse(current.Settings), body.Settings);
        BrandRow row;
        try
        {
            row = await BrandStore.UpdateAsync(conn, tx, brandId,
                new BrandChanges(body.Name?.Trim(), body.Slug, settings is null ? null : Serialize(settings)), ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return SlugTaken(body.Slug!);
        }
        await AuditLog.WriteAsync(conn, tx, me.Id, brandId, "update", "brand", brandId, new { body.Name, body.Slug, settings }, ct);
        await tx.CommitAsync(ct);
        return Results.Ok(BrandResponse.From(row));
    }

    internal static async Task<IResult> Delete(Guid brandId, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        var me = http.CurrentUser();
        if (!me.IsAdmin) return Problem.Forbidden("Only admins delete brands.");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await BrandStore.LockAsync(conn, tx, brandId, ct) is not { } brand) return Problem.NotFound("brand");
        var campaigns = await BrandStore.CampaignCountAsync(conn, tx, brandId, ct);
        if (campaigns > 0) return StillHasCampaigns(campaigns);
        try
        {
            await BrandStore.DeleteAsync(conn, tx, brandId, ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            // A campaign created between the check and the delete: the RESTRICT foreign key keeps the brand.
            return StillHasCampaigns(null);
        }
        await AuditLog.WriteAsync(conn, tx, me.Id, brandId, "delete", "brand", brandId, new { brand.Name, brand.Slug }, ct);
        await tx.CommitAsync(ct);
        return Results.NoContent();
    }

    private static IResult StillHasCampaigns(int? count) => Problem.Conflict(
        $"The brand still has {(count is null ? "" : count + " ")}campaign(s). Cancel and delete its campaigns first; campaign history is never deleted with a brand.");

    private static IResult SlugTaken(string slug) => Problem.Conflict($"The slug '{slug}' is already used by another brand.");

    private static void ValidateSlug(Validator v, string? slug, bool required)
    {
        if (slug is null)
        {
            if (required) v.Add("slug", "slug is required.");
        }
        else if (!SlugPattern().IsMatch(slug))
            v.Add("slug", "slug must be 2 to 63 characters: lowercase letters, digits and hyphens, starting and ending with a letter or digit.");
    }

    private static void ValidateSettings(Validator v, BrandSettingsInput? s)
    {
        if (s is null) return;
        v.MaxLength("settings.voice", s.Voice, 2000).MaxLength("settings.guidelines", s.Guidelines, 10000);
        if (s.ApprovalReminderHours is < 1 or > 720) v.Add("settings.approvalReminderHours", "settings.approvalReminderHours must be between 1 and 720.");
        if (!string.IsNullOrWhiteSpace(s.DefaultTimeZone) && !LocationRules.IsIanaTimeZone(s.DefaultTimeZone.Trim()))
            v.Add("settings.defaultTimeZone", "settings.defaultTimeZone must be an IANA time zone (for example America/Chicago).");
    }

    private static BrandSettings Merge(BrandSettings current, BrandSettingsInput? input) => input is null ? current : new BrandSettings(
        input.Voice is null ? current.Voice : NullIfBlank(input.Voice),
        input.Guidelines is null ? current.Guidelines : NullIfBlank(input.Guidelines),
        input.ApprovalReminderHours ?? current.ApprovalReminderHours,
        input.DefaultTimeZone is null ? current.DefaultTimeZone : NullIfBlank(input.DefaultTimeZone));

    private static string? NullIfBlank(string s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static string Serialize(BrandSettings s) => JsonSerializer.Serialize(s, BrandSettings.Json);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$")]
    private static partial Regex SlugPattern();
}
