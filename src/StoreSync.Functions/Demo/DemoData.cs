using Dapper;
using Microsoft.AspNetCore.Identity;
using Npgsql;
using StoreSync.Data.Users;
using StoreSync.Functions.Common.Auth;

namespace StoreSync.Functions.Demo;

/// <summary>A demo account; <see cref="Created"/> is false for an account that already existed (its password is unchanged).</summary>
public sealed record DemoLogin(string Username, string Role, string Brand, bool Created);

/// <summary>
/// `StoreSync.Functions seed-demo`: two brands with ~50 stores each across US and EU time zones, one user per role,
/// templates and campaigns in every status with consistent history. Idempotent: nothing happens when the brand
/// `northwind` exists. Set-based: a handful of statements in one transaction, whatever the row counts.
/// </summary>
public static class DemoData
{
    public const string Password = "StoreSync!2026";
    public const int LocationsPerBrand = 50;

    private static readonly (string Username, string Role, string? Brand)[] Users =
    [
        ("admin", Roles.Admin, null),
        ("bm.northwind", Roles.BrandManager, "northwind"),
        ("lm.northwind", Roles.LocationManager, "northwind"),
        ("viewer.northwind", Roles.Viewer, "northwind"),
        ("bm.contoso", Roles.BrandManager, "contoso"),
        ("lm.contoso", Roles.LocationManager, "contoso"),
    ];

    /// <summary>Seeds and returns the logins, or null when the demo data is already there.</summary>
    public static async Task<IReadOnlyList<DemoLogin>?> SeedAsync(NpgsqlDataSource db, TimeProvider time, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // Two seeders at once: the second waits here, then sees northwind and stops.
        await conn.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(74520261)", transaction: tx, cancellationToken: ct));
        if (await conn.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT EXISTS (SELECT 1 FROM brands WHERE slug = 'northwind')", transaction: tx, cancellationToken: ct)))
            return null;

        var now = time.GetUtcNow().UtcDateTime;
        var northwind = Guid.CreateVersion7();
        var contoso = Guid.CreateVersion7();
        var hasher = new PasswordHasher<UserRow>();
        var args = new
        {
            now, northwind, contoso,
            locationIds = NewIds(2 * LocationsPerBrand),
            templateIds = NewIds(5),
            campaignIds = NewIds(16),
            userIds = NewIds(Users.Length),
            usernames = Users.Select(u => u.Username).ToArray(),
            roles = Users.Select(u => u.Role).ToArray(),
            hashes = Users.Select(_ => hasher.HashPassword(null!, Password)).ToArray(),
            memberUsernames = Users.Where(u => u.Brand is not null).Select(u => u.Username).ToArray(),
            memberSlugs = Users.Where(u => u.Brand is not null).Select(u => u.Brand!).ToArray(),
        };
        var existing = (await conn.QueryAsync<string>(new CommandDefinition(
            "SELECT lower(username) FROM users WHERE lower(username) = ANY(@usernames)", args, tx, cancellationToken: ct))).ToHashSet();
        await conn.ExecuteAsync(new CommandDefinition(BrandsAndUsersSql, args, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(LocationsSql, args, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(TemplatesSql, args, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(CampaignsSql, args, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(OffersSql, args, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(DevicesSql, new { keyHash = DeviceKeys.Hash(DemoDeviceKey), DemoDeviceStore }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(ResultsRolloutSql, args, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(RedemptionsSql, args, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Logins(u => !existing.Contains(u));
    }

    /// <summary>The demo accounts; <paramref name="created"/> says which were made now (their password is the demo one).</summary>
    public static IReadOnlyList<DemoLogin> Logins(Func<string, bool> created) =>
        Users.Select(u => new DemoLogin(u.Username, u.Role, u.Brand switch
        {
            "northwind" => "Northwind Coffee", "contoso" => "Contoso Outdoor", _ => "(all brands)",
        }, created(u.Username))).ToList();

    public static void PrintLogins(IReadOnlyList<DemoLogin> logins, TextWriter output)
    {
        output.WriteLine($"{"username",-18} {"role",-16} {"brand",-18} password");
        foreach (var l in logins)
            output.WriteLine($"{l.Username,-18} {l.Role,-16} {l.Brand,-18} {(l.Created ? Password : "(existing account: password unchanged)")}");
        output.WriteLine($"device key of Northwind store {DemoDeviceStore} ('Front till', store API: Authorization: Device <key>): {DemoDeviceKey}");
    }

    private static Guid[] NewIds(int count) => Enumerable.Range(0, count).Select(_ => Guid.CreateVersion7()).ToArray();

    // An existing user of the same name (e.g. the bootstrap admin) is kept as it is.
    private const string BrandsAndUsersSql = """
        INSERT INTO brands (id, name, slug, settings) VALUES
          (@northwind, 'Northwind Coffee', 'northwind', jsonb_build_object(
              'voice', 'Warm, neighbourly and upbeat; short sentences; coffee puns welcome but never more than one.',
              'guidelines', 'Always name the store''s neighbourhood. No prices without the word "from". Never mention competitors. End with a call to visit.',
              'approvalReminderHours', 24)),
          (@contoso, 'Contoso Outdoor', 'contoso', jsonb_build_object(
              'voice', 'Confident, practical, adventurous.',
              'guidelines', 'Lead with the activity, then the gear. Mention safety for trail events.',
              'approvalReminderHours', 48));

        INSERT INTO users (id, username, email, display_name, password_hash, role)
        SELECT u.id, u.username, u.username || '@demo.storesync.test', initcap(replace(u.username, '.', ' ')), u.hash, u.role
        FROM unnest(@userIds::uuid[], @usernames::text[], @hashes::text[], @roles::text[]) AS u(id, username, hash, role)
        ON CONFLICT DO NOTHING;

        INSERT INTO user_brands (user_id, brand_id)
        SELECT u.id, b.id
        FROM unnest(@memberUsernames::text[], @memberSlugs::text[]) AS m(username, slug)
        JOIN users u ON lower(u.username) = lower(m.username)
        JOIN brands b ON b.slug = m.slug
        ON CONFLICT DO NOTHING;
        """;

    private const string LocationsSql = """
        WITH city (n, city, state, postal_code, country, time_zone, lat, lon, region) AS (VALUES
            (0, 'New York', 'NY', '10001', 'US', 'America/New_York', 40.7128, -74.0060, 'northeast'),
            (1, 'Boston', 'MA', '02108', 'US', 'America/New_York', 42.3601, -71.0589, 'northeast'),
            (2, 'Chicago', 'IL', '60601', 'US', 'America/Chicago', 41.8781, -87.6298, 'midwest'),
            (3, 'Minneapolis', 'MN', '55401', 'US', 'America/Chicago', 44.9778, -93.2650, 'midwest'),
            (4, 'Denver', 'CO', '80202', 'US', 'America/Denver', 39.7392, -104.9903, 'mountain'),
            (5, 'Salt Lake City', 'UT', '84101', 'US', 'America/Denver', 40.7608, -111.8910, 'mountain'),
            (6, 'Los Angeles', 'CA', '90012', 'US', 'America/Los_Angeles', 34.0522, -118.2437, 'west'),
            (7, 'Seattle', 'WA', '98101', 'US', 'America/Los_Angeles', 47.6062, -122.3321, 'west'),
            (8, 'Berlin', NULL, '10115', 'DE', 'Europe/Berlin', 52.5200, 13.4050, 'dach'),
            (9, 'Munich', 'BY', '80331', 'DE', 'Europe/Berlin', 48.1351, 11.5820, 'dach'),
            (10, 'London', NULL, 'EC1A 1BB', 'GB', 'Europe/London', 51.5074, -0.1278, 'uk'),
            (11, 'Paris', NULL, '75001', 'FR', 'Europe/Paris', 48.8566, 2.3522, 'france')
        ), slot AS (
            SELECT b.brand_id, b.prefix, b.label, s.i, ids.id
            FROM (VALUES (0, @northwind::uuid, 'NW', 'Northwind'), (1, @contoso::uuid, 'CO', 'Contoso')) AS b (brand_no, brand_id, prefix, label)
            CROSS JOIN generate_series(1, 50) AS s (i)
            JOIN unnest(@locationIds::uuid[]) WITH ORDINALITY AS ids (id, ord) ON ids.ord = b.brand_no * 50 + s.i
        )
        INSERT INTO locations (id, brand_id, store_number, name, street, city, state, postal_code, country, time_zone,
                               latitude, longitude, attributes, is_active, created_at, updated_at)
        SELECT slot.id, slot.brand_id, slot.prefix || '-' || lpad(slot.i::text, 3, '0'),
               slot.label || ' ' || c.city || ' ' || (ARRAY['Central', 'Riverside', 'Station', 'Market', 'Parkside'])[1 + slot.i % 5],
               (10 + slot.i * 7) || ' ' || (ARRAY['Main St', 'Market St', 'Oak Ave', 'Station Rd', 'High St'])[1 + slot.i % 5],
               c.city, c.state, c.postal_code, c.country, c.time_zone,
               round((c.lat + (slot.i % 10) * 0.011)::numeric, 5), round((c.lon - (slot.i % 7) * 0.013)::numeric, 5),
               jsonb_build_object('format', (ARRAY['drive-thru', 'mall', 'street'])[1 + slot.i % 3], 'hasPatio', slot.i % 2 = 0,
                                  'region', c.region, 'seats', 20 + (slot.i % 5) * 10),
               slot.i % 17 <> 0,
               @now - make_interval(days => 400 - slot.i), @now - make_interval(days => 400 - slot.i)
        FROM slot JOIN city c ON c.n = slot.i % 12;
        """;

    private const string TemplatesSql = """
        INSERT INTO templates (id, brand_id, name, description, campaign_type, content, variables, created_by)
        SELECT ids.id, CASE t.brand WHEN 'northwind' THEN @northwind::uuid ELSE @contoso::uuid END, t.name, t.description, t.campaign_type,
               t.content, t.variables::jsonb, (SELECT id FROM users WHERE lower(username) = 'admin')
        FROM unnest(@templateIds::uuid[]) WITH ORDINALITY AS ids (id, ord)
        JOIN (VALUES
            (1, 'northwind', 'Holiday Promo', 'Seasonal discount on holiday drinks', 'promotion',
             '{{brandName}} {{locationName}}: {{discount}}% off all holiday drinks until {{endDate}}. Bring a friend!',
             '[{"name":"discount","label":"Discount","type":"percent","required":true,"default":"15"},{"name":"endDate","label":"Ends on","type":"date","required":false,"default":"2026-12-31"}]'),
            (2, 'northwind', 'Grand Opening', 'Announce a new or renovated store', 'event',
             'Join us at {{brandName}} {{locationName}} on {{eventDate}}: free drip coffee for the first {{guests}} guests!',
             '[{"name":"eventDate","label":"Event date","type":"date","required":true,"default":null},{"name":"guests","label":"Free coffees","type":"number","required":true,"default":"50"}]'),
            (3, 'northwind', 'Loyalty Double Stars', 'Double loyalty stars on weekdays', 'loyalty',
             'Double stars all week at {{brandName}} {{locationName}}. Details: {{link}}',
             '[{"name":"link","label":"Details link","type":"url","required":false,"default":"https://northwind.example/stars"}]'),
            (4, 'contoso', 'Spring Gear Sale', 'Seasonal gear discount', 'promotion',
             '{{brandName}} {{locationName}}: {{discount}}% off tents and packs until {{endDate}}.',
             '[{"name":"discount","label":"Discount","type":"percent","required":true,"default":"20"},{"name":"endDate","label":"Ends on","type":"date","required":false,"default":"2027-04-30"}]'),
            (5, 'contoso', 'Trail Weekend', 'Guided hike from the store', 'event',
             'Guided trail weekend from {{brandName}} {{locationName}} on {{eventDate}}. Sign up in store.',
             '[{"name":"eventDate","label":"Event date","type":"date","required":true,"default":null}]')
        ) AS t (ord, brand, name, description, campaign_type, content, variables) ON t.ord = ids.ord;
        """;

    // One campaign per status per brand; each history row is one step of the workflow that led to its status.
    private const string CampaignsSql = """
        WITH spec (k, brand, template, store, status, customizations, start_days, end_days, age_days) AS (VALUES
            (1, 'northwind', 'Holiday Promo', 'NW-002', 'draft', '{"discount":"15","endDate":"2026-12-31"}', NULL, NULL, 2),
            (2, 'northwind', 'Holiday Promo', 'NW-003', 'pendingReview', '{"discount":"20","endDate":"2026-12-24"}', NULL, NULL, 3),
            (3, 'northwind', 'Holiday Promo', 'NW-004', 'pendingReview', '{"discount":"10","endDate":"2026-12-31"}', NULL, NULL, 1),
            (4, 'northwind', 'Grand Opening', 'NW-005', 'approved', '{"eventDate":"Jan 10","guests":"100"}', NULL, NULL, 6),
            (5, 'northwind', 'Loyalty Double Stars', 'NW-006', 'rejected', '{"link":"https://northwind.example/stars"}', NULL, NULL, 8),
            (6, 'northwind', 'Holiday Promo', 'NW-007', 'scheduled', '{"discount":"15","endDate":"2026-12-31"}', 5, 40, 10),
            (7, 'northwind', 'Holiday Promo', 'NW-008', 'active', '{"discount":"25","endDate":"2026-12-31"}', -2, 20, 14),
            (8, 'northwind', 'Grand Opening', 'NW-009', 'completed', '{"eventDate":"Oct 3","guests":"50"}', -50, -45, 60),
            (9, 'northwind', 'Loyalty Double Stars', 'NW-010', 'cancelled', '{}', 3, 10, 12),
            (10, 'contoso', 'Spring Gear Sale', 'CO-002', 'draft', '{"discount":"20","endDate":"2027-04-30"}', NULL, NULL, 1),
            (11, 'contoso', 'Spring Gear Sale', 'CO-003', 'pendingReview', '{"discount":"30","endDate":"Apr 15"}', NULL, NULL, 2),
            (12, 'contoso', 'Trail Weekend', 'CO-004', 'approved', '{"eventDate":"May 2"}', NULL, NULL, 5),
            (13, 'contoso', 'Trail Weekend', 'CO-005', 'rejected', '{"eventDate":"Feb 1"}', NULL, NULL, 9),
            (14, 'contoso', 'Spring Gear Sale', 'CO-006', 'scheduled', '{"discount":"15","endDate":"2027-04-30"}', 7, 30, 9),
            (15, 'contoso', 'Spring Gear Sale', 'CO-007', 'active', '{"discount":"20","endDate":"Mar 31"}', -1, 14, 11),
            (16, 'contoso', 'Trail Weekend', 'CO-008', 'completed', '{"eventDate":"Sep 20"}', -70, -68, 80)
        ), step (status, ord, action, from_status, to_status, actor) AS (VALUES
            ('pendingReview', 1, 'submit', 'draft', 'pendingReview', 'lm'),
            ('approved', 1, 'submit', 'draft', 'pendingReview', 'lm'), ('approved', 2, 'approve', 'pendingReview', 'approved', 'bm'),
            ('rejected', 1, 'submit', 'draft', 'pendingReview', 'lm'), ('rejected', 2, 'reject', 'pendingReview', 'rejected', 'bm'),
            ('scheduled', 1, 'submit', 'draft', 'pendingReview', 'lm'), ('scheduled', 2, 'approve', 'pendingReview', 'approved', 'bm'),
            ('scheduled', 3, 'schedule', 'approved', 'scheduled', 'bm'),
            ('active', 1, 'submit', 'draft', 'pendingReview', 'lm'), ('active', 2, 'approve', 'pendingReview', 'approved', 'bm'),
            ('active', 3, 'schedule', 'approved', 'scheduled', 'bm'), ('active', 4, 'activate', 'scheduled', 'active', NULL),
            ('completed', 1, 'submit', 'draft', 'pendingReview', 'lm'), ('completed', 2, 'approve', 'pendingReview', 'approved', 'bm'),
            ('completed', 3, 'schedule', 'approved', 'scheduled', 'bm'), ('completed', 4, 'activate', 'scheduled', 'active', NULL),
            ('completed', 5, 'complete', 'active', 'completed', NULL),
            ('cancelled', 1, 'submit', 'draft', 'pendingReview', 'lm'), ('cancelled', 2, 'approve', 'pendingReview', 'approved', 'bm'),
            ('cancelled', 3, 'cancel', 'approved', 'cancelled', 'bm')
        ), c AS (
            SELECT ids.id, s.*, b.id AS brand_id, b.name AS brand_name, l.id AS location_id, l.name AS location_name, t.id AS template_id,
                   t.name AS template_name, t.content, s.customizations::jsonb AS vals,
                   @now - make_interval(days => s.age_days) AS created_at,
                   @now + make_interval(days => s.start_days) AS scheduled_start, @now + make_interval(days => s.end_days) AS scheduled_end,
                   (SELECT u.id FROM users u WHERE lower(u.username) = 'lm.' || s.brand) AS lm,
                   (SELECT u.id FROM users u WHERE lower(u.username) = 'bm.' || s.brand) AS bm,
                   (SELECT count(*) FROM step WHERE step.status = s.status) AS steps
            FROM spec s
            JOIN unnest(@campaignIds::uuid[]) WITH ORDINALITY AS ids (id, ord) ON ids.ord = s.k
            JOIN brands b ON b.slug = s.brand
            JOIN locations l ON l.brand_id = b.id AND l.store_number = s.store
            JOIN templates t ON t.brand_id = b.id AND t.name = s.template
        ), history AS (
            SELECT c.id AS campaign_id, st.from_status, st.to_status, st.action,
                   CASE st.actor WHEN 'lm' THEN c.lm WHEN 'bm' THEN c.bm END AS actor_id,
                   CASE st.action WHEN 'reject' THEN 'Please add the store''s opening hours and check the dates.'
                                  WHEN 'cancel' THEN 'Replaced by the national campaign.' END AS comment,
                   CASE st.action WHEN 'activate' THEN c.scheduled_start WHEN 'complete' THEN c.scheduled_end
                                  ELSE c.created_at + make_interval(hours => st.ord * (2 + c.k % 5)) END AS at,
                   st.ord
            FROM c JOIN step st ON st.status = c.status
        ), inserted AS (
            INSERT INTO campaigns (id, brand_id, location_id, template_id, name, customizations, rendered_content, status,
                                   scheduled_start, scheduled_end, submitted_by, submitted_at, created_by, version, created_at, updated_at)
            SELECT c.id, c.brand_id, c.location_id, c.template_id, c.template_name || ' - ' || c.location_name, c.vals,
                   replace(replace(replace(replace(replace(replace(replace(c.content,
                       '{{brandName}}', c.brand_name), '{{locationName}}', c.location_name),
                       '{{discount}}', coalesce(c.vals ->> 'discount', '15')), '{{endDate}}', coalesce(c.vals ->> 'endDate', '2026-12-31')),
                       '{{eventDate}}', coalesce(c.vals ->> 'eventDate', 'soon')), '{{guests}}', coalesce(c.vals ->> 'guests', '50')),
                       '{{link}}', coalesce(c.vals ->> 'link', 'https://northwind.example/stars')),
                   c.status,
                   CASE WHEN c.start_days IS NOT NULL THEN c.scheduled_start END, CASE WHEN c.start_days IS NOT NULL THEN c.scheduled_end END,
                   CASE WHEN c.status <> 'draft' THEN c.lm END,
                   (SELECT h.at FROM history h WHERE h.campaign_id = c.id AND h.action = 'submit'),
                   c.lm, 1 + c.steps, c.created_at,
                   coalesce((SELECT max(h.at) FROM history h WHERE h.campaign_id = c.id), c.created_at)
            FROM c
            RETURNING id
        )
        INSERT INTO campaign_history (campaign_id, from_status, to_status, action, actor_id, comment, at)
        SELECT h.campaign_id, h.from_status, h.to_status, h.action, h.actor_id, h.comment, h.at
        FROM history h JOIN inserted i ON i.id = h.campaign_id
        ORDER BY h.campaign_id, h.ord;
        """;

    // Offers (issue 15): each demo template's default offer; its campaigns carry it as their effective offer.
    private const string OffersSql = """
        WITH offer (brand, template, offer) AS (VALUES
            ('northwind', 'Holiday Promo', '{"type":"percentOff","value":"15","appliesTo":{"categories":["holiday-drinks"]},"stackable":false,"priority":1,"requiresVoucher":false}'),
            ('northwind', 'Grand Opening', '{"type":"freeItem","appliesTo":{"skus":["DRIP-12"]},"getQuantity":1,"stackable":true,"priority":0,"requiresVoucher":false}'),
            ('northwind', 'Loyalty Double Stars', '{"type":"buyXGetY","appliesTo":{"categories":["pastry"]},"buyQuantity":2,"getQuantity":1,"getPercentOff":100,"hours":[{"days":["mon","tue","wed","thu","fri"],"start":"07:00","end":"11:00"}],"stackable":true,"priority":0,"requiresVoucher":false}'),
            ('contoso', 'Spring Gear Sale', '{"type":"percentOff","value":"20","appliesTo":{"categories":["tents","packs"]},"stackable":false,"priority":1,"requiresVoucher":false}'),
            ('contoso', 'Trail Weekend', '{"type":"threshold","value":"15.00","minSpend":"100.00","hours":[{"days":["sat","sun"],"start":"08:00","end":"18:00"}],"stackable":false,"priority":0,"requiresVoucher":false}')
        ), templated AS (
            UPDATE templates t SET offer = o.offer::jsonb
            FROM offer o
            WHERE t.brand_id = CASE o.brand WHEN 'northwind' THEN @northwind::uuid ELSE @contoso::uuid END AND t.name = o.template
            RETURNING t.id, t.offer
        )
        UPDATE campaigns c SET offer = templated.offer FROM templated WHERE c.template_id = templated.id;
        """;

    /// <summary>
    /// The demo's one known device key (like the demo password, public on purpose: demo data only), for trying the store API.
    /// Every other demo store gets a device whose key was never shown (only its hash exists); revoke it and add one to get a key.
    /// </summary>
    public const string DemoDeviceKey = "ssdk_DEMONORTHWINDNW008FRONTTILLDEMONORTHWINDNW008FRONT";
    public const string DemoDeviceStore = "NW-008";

    private const string DevicesSql = """
        INSERT INTO devices (id, brand_id, location_id, name, key_hash)
        SELECT gen_random_uuid(), l.brand_id, l.id, 'Front till',
               CASE WHEN b.slug = 'northwind' AND l.store_number = @DemoDeviceStore THEN @keyHash
                    ELSE sha256(convert_to(gen_random_uuid()::text || clock_timestamp()::text, 'UTF8')) END
        FROM locations l JOIN brands b ON b.id = l.brand_id
        WHERE b.slug IN ('northwind', 'contoso');
        """;

    // Results demo (issue 15): per brand, a rollout of one template to 12 stores that ran for the three weeks ending 3 days
    // ago, with the consistent workflow history of a completed campaign, so the results view has a rollout to rank.
    private const string ResultsRolloutSql = """
        WITH spec (brand, template, rollout_name, discount) AS (VALUES
            ('northwind', 'Holiday Promo', 'Autumn warm-up', '15'),
            ('contoso', 'Spring Gear Sale', 'Autumn gear days', '20')
        ), step (ord, action, from_status, to_status, actor) AS (VALUES
            (1, 'submit', 'draft', 'pendingReview', 'lm'), (2, 'approve', 'pendingReview', 'approved', 'bm'),
            (3, 'schedule', 'approved', 'scheduled', 'bm'), (4, 'activate', 'scheduled', 'active', NULL), (5, 'complete', 'active', 'completed', NULL)
        ), r AS (
            INSERT INTO rollouts (id, brand_id, template_id, name, created_by, created_at)
            SELECT gen_random_uuid(), b.id, t.id, s.rollout_name, (SELECT u.id FROM users u WHERE lower(u.username) = 'bm.' || s.brand),
                   @now - interval '30 days'
            FROM spec s JOIN brands b ON b.slug = s.brand JOIN templates t ON t.brand_id = b.id AND t.name = s.template
            RETURNING id, brand_id, template_id
        ), c AS MATERIALIZED (
            SELECT gen_random_uuid() AS id, r.id AS rollout_id, r.brand_id, r.template_id, l.id AS location_id,
                   t.name || ' - ' || l.name AS name, t.offer, jsonb_build_object('discount', s.discount, 'endDate', '2026-12-31') AS vals,
                   replace(replace(replace(replace(t.content, '{{brandName}}', b.name), '{{locationName}}', l.name),
                       '{{discount}}', s.discount), '{{endDate}}', '2026-12-31') AS rendered,
                   (SELECT u.id FROM users u WHERE lower(u.username) = 'lm.' || b.slug) AS lm,
                   (SELECT u.id FROM users u WHERE lower(u.username) = 'bm.' || b.slug) AS bm,
                   @now - interval '30 days' AS created_at,
                   date_trunc('day', @now, 'UTC') - interval '24 days' AS scheduled_start,
                   date_trunc('day', @now, 'UTC') - interval '3 days' AS scheduled_end
            FROM r
            JOIN brands b ON b.id = r.brand_id
            JOIN spec s ON s.brand = b.slug
            JOIN templates t ON t.id = r.template_id
            CROSS JOIN LATERAL (SELECT * FROM locations l WHERE l.brand_id = b.id ORDER BY l.store_number OFFSET 20 LIMIT 12) l
        ), history AS (
            SELECT c.id AS campaign_id, st.from_status, st.to_status, st.action,
                   CASE st.actor WHEN 'lm' THEN c.lm WHEN 'bm' THEN c.bm END AS actor_id,
                   CASE st.action WHEN 'activate' THEN c.scheduled_start WHEN 'complete' THEN c.scheduled_end
                                  ELSE c.created_at + make_interval(hours => st.ord * 3) END AS at,
                   st.ord
            FROM c CROSS JOIN step st
        ), inserted AS (
            INSERT INTO campaigns (id, brand_id, location_id, template_id, rollout_id, name, offer, customizations, rendered_content, status,
                                   scheduled_start, scheduled_end, submitted_by, submitted_at, created_by, version, created_at, updated_at)
            SELECT c.id, c.brand_id, c.location_id, c.template_id, c.rollout_id, c.name, c.offer, c.vals, c.rendered, 'completed',
                   c.scheduled_start, c.scheduled_end, c.lm, c.created_at + interval '3 hours', c.lm, 6, c.created_at, c.scheduled_end
            FROM c
            RETURNING id
        )
        INSERT INTO campaign_history (campaign_id, from_status, to_status, action, actor_id, comment, at)
        SELECT h.campaign_id, h.from_status, h.to_status, h.action, h.actor_id, NULL, h.at
        FROM history h JOIN inserted i ON i.id = h.campaign_id
        ORDER BY h.campaign_id, h.ord;
        """;

    // Till results for every demo campaign that was live: each store-local day it ran, 6 to 23 baskets (more at weekends),
    // between 07:00 and 20:00 store time. Deterministic: every figure is a hash of the store number, the day and the basket.
    private const string RedemptionsSql = """
        INSERT INTO redemptions (brand_id, campaign_id, location_id, redeemed_at, quantity, basket_total, discount)
        SELECT c.brand_id, c.id, c.location_id, x.at, x.quantity, x.basket, round(x.basket * x.pct / 100, 2)
        FROM campaigns c
        JOIN brands b ON b.id = c.brand_id AND b.slug IN ('northwind', 'contoso')
        JOIN locations l ON l.id = c.location_id
        CROSS JOIN LATERAL generate_series(date_trunc('day', c.scheduled_start AT TIME ZONE l.time_zone),
                                           least(c.scheduled_end, @now) AT TIME ZONE l.time_zone, interval '1 day') AS d (day)
        CROSS JOIN LATERAL generate_series(1, 6 + abs(hashtext(l.store_number)::bigint) % 12
                                              + CASE WHEN extract(isodow FROM d.day) >= 6 THEN 6 ELSE 0 END) AS n (k)
        CROSS JOIN LATERAL (SELECT l.store_number || '|' || d.day::date || '|' || n.k AS key) h
        CROSS JOIN LATERAL (SELECT
            (d.day + make_interval(mins => 420 + (abs(hashtext('t' || h.key)::bigint) % 780)::int)) AT TIME ZONE l.time_zone AS at,
            1 + (abs(hashtext('q' || h.key)::bigint) % 3)::int AS quantity,
            round(8 + (abs(hashtext('b' || h.key)::bigint) % 5200) / 100.0, 2) AS basket,
            CASE WHEN c.customizations ->> 'discount' ~ '^[0-9]{1,2}$' THEN (c.customizations ->> 'discount')::numeric ELSE 10 END AS pct) x
        WHERE c.status IN ('active', 'completed') AND c.scheduled_start IS NOT NULL
          AND x.at >= c.scheduled_start AND x.at < least(c.scheduled_end, @now)
        """;
}
