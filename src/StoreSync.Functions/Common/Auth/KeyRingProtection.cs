using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace StoreSync.Functions.Common.Auth;

/// <summary>
/// Encryption at rest of the Data Protection key ring (the keys that protect access tokens), which lives in PostgreSQL.
/// Each key's secret is sealed with AES-256-GCM under a key-encryption key from configuration:
/// <c>Auth:KeyRingEncryptionKey</c> (base64 of 32 random bytes; on Azure a Key Vault reference), plus
/// <c>Auth:KeyRingPreviousEncryptionKeys</c> (comma-separated) that still open keys sealed before a rotation.
/// Without a key the app refuses to start in Production; elsewhere it warns and stores the ring unencrypted.
/// </summary>
public static class KeyRingProtection
{
    public const string KeySetting = "Auth:KeyRingEncryptionKey";
    public const string PreviousKeysSetting = "Auth:KeyRingPreviousEncryptionKeys";

    public static IDataProtectionBuilder ProtectKeyRing(this IDataProtectionBuilder builder, IConfiguration config)
    {
        var keys = KeyEncryptionKeys.From(config[KeyRingProtection.KeySetting], config[KeyRingProtection.PreviousKeysSetting]);
        builder.Services.AddSingleton(keys);
        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<IHostEnvironment, ILoggerFactory>((o, env, logs) =>
            {
                if (keys.Current is not null) o.XmlEncryptor = new AesGcmXmlEncryptor(keys);
                else if (!env.IsProduction())
                    logs.CreateLogger(typeof(KeyRingProtection)).LogWarning(
                        "{Setting} is not set: Data Protection keys are stored unencrypted (allowed outside Production only)", KeySetting);
            })
            .Validate<IHostEnvironment>((_, env) => keys.Current is not null || !env.IsProduction(),
                $"Setting {KeySetting} is missing: the Data Protection key ring (it protects access tokens) must be encrypted at rest in " +
                "Production. Set it to base64 of 32 random bytes (openssl rand -base64 32); see docs/deploy.md.")
            .ValidateOnStart();
        return builder;
    }
}

/// <summary>The key-encryption keys: the one new keys are sealed with, and earlier ones still accepted for opening.</summary>
public sealed class KeyEncryptionKeys
{
    private readonly Dictionary<string, byte[]> _byId;

    private KeyEncryptionKeys(byte[]? current, IEnumerable<byte[]> previous)
    {
        Current = current;
        _byId = previous.Prepend(current).OfType<byte[]>().DistinctBy(IdOf).ToDictionary(IdOf);
    }

    public byte[]? Current { get; }

    public string CurrentId => IdOf(Current!);

    public byte[]? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>A short public name of a key (a hash prefix), stored next to each sealed secret to pick the key that opens it.</summary>
    public static string IdOf(byte[] key) => Convert.ToHexStringLower(SHA256.HashData(key))[..16];

    public static KeyEncryptionKeys From(string? current, string? previous) => new(
        string.IsNullOrWhiteSpace(current) ? null : Parse(current, KeyRingProtection.KeySetting),
        (previous ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(k => Parse(k, KeyRingProtection.PreviousKeysSetting)));

    private static byte[] Parse(string base64, string setting)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{setting} must be base64 (of 32 random bytes).");
        }
        return key.Length == 32 ? key : throw new InvalidOperationException($"{setting} must be 32 bytes (base64 of 32 random bytes), not {key.Length}.");
    }
}

/// <summary>Seals a key's secret XML with AES-256-GCM; the key id, nonce and tag travel as attributes.</summary>
public sealed class AesGcmXmlEncryptor(KeyEncryptionKeys keys) : IXmlEncryptor
{
    internal static readonly byte[] AssociatedData = Encoding.UTF8.GetBytes("StoreSync.DataProtection.KeyRing.v1");

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        var ciphertext = new byte[plaintext.Length];
        using (var aes = new AesGcm(keys.Current!, tag.Length)) aes.Encrypt(nonce, plaintext, ciphertext, tag, AssociatedData);
        CryptographicOperations.ZeroMemory(plaintext);
        var sealedElement = new XElement("aesGcmSealed",
            new XAttribute("keyId", keys.CurrentId),
            new XAttribute("nonce", Convert.ToBase64String(nonce)),
            new XAttribute("tag", Convert.ToBase64String(tag)),
            Convert.ToBase64String(ciphertext));
        return new EncryptedXmlInfo(sealedElement, typeof(AesGcmXmlDecryptor));
    }
}

/// <summary>Opens what <see cref="AesGcmXmlEncryptor"/> sealed. Data Protection creates it by type name, with the services.</summary>
public sealed class AesGcmXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var keyId = (string?)encryptedElement.Attribute("keyId") ?? "";
        var key = services.GetRequiredService<KeyEncryptionKeys>().Find(keyId)
            ?? throw new CryptographicException(
                $"The Data Protection key was sealed with key-encryption key {keyId}, which is neither {KeyRingProtection.KeySetting} " +
                $"nor in {KeyRingProtection.PreviousKeysSetting}.");
        var nonce = Convert.FromBase64String((string)encryptedElement.Attribute("nonce")!);
        var tag = Convert.FromBase64String((string)encryptedElement.Attribute("tag")!);
        var ciphertext = Convert.FromBase64String(encryptedElement.Value);
        var plaintext = new byte[ciphertext.Length];
        using (var aes = new AesGcm(key, tag.Length)) aes.Decrypt(nonce, ciphertext, tag, plaintext, AesGcmXmlEncryptor.AssociatedData);
        try
        {
            return XElement.Parse(Encoding.UTF8.GetString(plaintext));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}
