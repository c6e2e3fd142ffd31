using System.Text.Json;
using StoreSync.Data.Audit;
using StoreSync.Functions.Common.Auth;
using StoreSync.Functions.Common.Paging;
using StoreSync.Functions.Common.Problems;
using StoreSync.Functions.Common.Validation;
using StoreSync.Functions.Exports;

namespace StoreSync.Functions.Audit;

public sealed record AuditEntry(long Id, DateTimeOffset At, Guid? ActorId, string ActorName, Guid? BrandId, string Action, string EntityType,
    Guid? EntityId, JsonElement Details);

/// <summary>The audit log, read: admins see all of it, brand managers the rows of their brands, everyone else nothing (403).</summary>
public static class AuditApi
{
    /// <summary>Rows one CSV download carries at most; narrower filters get the rest.</summary>
    public const int MaxCsvRows = 1_000_000;

    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddSingleton<AuditQueries>();
        return services;
    }

    internal static async Task<IResult> List(HttpContext http, AuditQueries audit, Guid? brandId, string? entityType, Guid? entityId, Guid? actorId,
        string? action, DateTimeOffset? from, DateTimeOffset? to, int? page, int? pageSize, string? format, CancellationToken ct)
    {
        var me = http.CurrentUser();
        if (!me.IsBrandManagerOrAdmin) return Problem.Forbidden("Only admins and brand managers can read the audit log.");
        var v = new Validator().MaxLength("entityType", entityType, 100).MaxLength("action", action, 100)
            .OneOf("format", format, ["json", "csv"], required: false);
        if (from is not null && to is not null && from > to) v.Add("from", "from must not be after to.");
        if (!v.IsValid) return v.ToResult();
        if (brandId is { } b && !me.CanSeeBrand(b)) return Problem.NotFound("brand");
        var query = new AuditQuery(me.AllBrands, me.BrandIds, brandId, Blank(entityType), entityId, actorId, Blank(action), from, to);

        if (format == "csv")
            return Results.Stream(async body => await SpreadsheetExport.WriteCsvAsync(body,
                    ["at", "actor", "actorId", "brandId", "action", "entityType", "entityId", "details"],
                    Rows(audit.StreamAsync(query, MaxCsvRows, http.RequestAborted)), http.RequestAborted),
                SpreadsheetExport.CsvContentType, $"audit-{DateTime.UtcNow:yyyyMMdd-HHmmss}.csv");

        var p = PageRequest.From(page, pageSize);
        var (items, total) = await audit.PageAsync(query, p.Offset, p.PageSize, ct);
        return Results.Ok(new Page<AuditEntry>(items.Select(From).ToList(), p.Page, p.PageSize, total));
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static string ActorName(AuditEntryRow r) => r.ActorId is null ? "system" : r.ActorName ?? "(deleted user)";

    private static AuditEntry From(AuditEntryRow r)
    {
        using var details = JsonDocument.Parse(r.Details);
        return new AuditEntry(r.Id, r.At, r.ActorId, ActorName(r), r.BrandId, r.Action, r.EntityType, r.EntityId, details.RootElement.Clone());
    }

    private static async IAsyncEnumerable<object?[]> Rows(IAsyncEnumerable<AuditEntryRow> rows)
    {
        await foreach (var r in rows)
            yield return [r.At, ActorName(r), r.ActorId, r.BrandId, r.Action, r.EntityType, r.EntityId, r.Details];
    }
}
