using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace StoreSync.Functions.Common.Auth;

/// <summary>Data Protection key ring stored in PostgreSQL (the interface is synchronous by design).</summary>
public sealed class PostgresXmlRepository(NpgsqlDataSource db) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var conn = db.OpenConnection();
        return conn.Query<string>("SELECT xml FROM data_protection_keys ORDER BY id").Select(XElement.Parse).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var conn = db.OpenConnection();
        conn.Execute("INSERT INTO data_protection_keys (friendly_name, xml) VALUES (@friendlyName, @xml)",
            new { friendlyName, xml = element.ToString(SaveOptions.DisableFormatting) });
    }
}
