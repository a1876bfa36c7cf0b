using LtiPd.Gamification.Rules;
using LtiPd.Gamification.Statements;

namespace LtiPd.Gamification.Tests.Support;

/// <summary>
/// Generates a reproducible statement stream from a seed: four teachers, every rule kind, bursts
/// of a dozen statements seconds apart, day and week gaps, voiding after the target and voiding before it.
/// </summary>
public static class RandomStream
{
    public static IReadOnlyList<GamificationStatement> Generate(int seed, int count)
    {
        var random = new Random(seed);
        var time = new DateTimeOffset(2026, 9, 14, 13, 0, 0, TimeSpan.Zero);
        var stream = new List<GamificationStatement>();
        var pendingTargets = new List<(Guid Id, string Actor)>();

        while (stream.Count < count)
        {
            time = time.Add(NextGap(random));
            var roll = random.NextDouble();
            if (roll < 0.08 && stream.Count > 0)
            {
                var target = stream[random.Next(stream.Count)];
                stream.Add(new StatementJson { Stored = time, Actor = target.ActorName, Voids = target.Id }.Parse());
                continue;
            }

            if (roll < 0.12)
            {
                // Voiding that reaches the engine before its target.
                var actor = $"teacher-{random.Next(4)}";
                var futureId = Guid.NewGuid();
                pendingTargets.Add((futureId, actor));
                stream.Add(new StatementJson { Stored = time, Actor = actor, Voids = futureId }.Parse());
                continue;
            }

            if (roll < 0.14)
            {
                // A burst: one teacher completes a dozen lessons two seconds apart.
                var actor = $"teacher-{random.Next(4)}";
                for (var i = 0; i < 12 && stream.Count < count; i++)
                {
                    time = time.AddSeconds(2);
                    var lesson = $"https://pd.district.test/lessons/burst-{stream.Count}";
                    stream.Add(new StatementJson { Stored = time, Actor = actor, ActivityId = lesson }.Parse());
                }

                continue;
            }

            var json = NextActivity(random, time);
            if (pendingTargets.Count > 0 && random.NextDouble() < 0.3)
            {
                json.Id = pendingTargets[0].Id;
                json.Actor = pendingTargets[0].Actor;
                pendingTargets.RemoveAt(0);
            }

            stream.Add(json.Parse());
        }

        return stream;
    }

    private static TimeSpan NextGap(Random random) => random.NextDouble() switch
    {
        < 0.6 => TimeSpan.FromSeconds(random.Next(0, 8)),
        < 0.9 => TimeSpan.FromMinutes(random.Next(1, 90)),
        < 0.97 => TimeSpan.FromDays(1),
        _ => TimeSpan.FromDays(random.Next(6, 15)),
    };

    private static StatementJson NextActivity(Random random, DateTimeOffset time)
    {
        var json = new StatementJson { Stored = time, Actor = $"teacher-{random.Next(4)}" };
        switch (random.Next(6))
        {
            case 0:
            case 1:
                json.ActivityId = $"https://pd.district.test/lessons/{random.Next(25)}";
                break;
            case 2:
                json.Verb = XapiTerms.Passed;
                json.ActivityType = XapiTerms.AssessmentType;
                json.ActivityId = $"https://pd.district.test/checks/{random.Next(8)}";
                json.Success = random.NextDouble() < 0.8;
                json.Scaled = Math.Round(random.NextDouble(), 2);
                break;
            case 3:
                json.Verb = XapiTerms.Submitted;
                json.ActivityType = XapiTerms.ReflectionType;
                json.ActivityId = $"https://pd.district.test/reflections/{random.Next(6)}";
                break;
            case 4:
                json.Verb = XapiTerms.Approved;
                json.ActivityType = XapiTerms.EvidenceType;
                json.ActivityId = $"https://pd.district.test/evidence/{random.Next(5)}";
                break;
            default:
                var pathway = random.NextDouble() < 0.2;
                json.ActivityType = pathway ? XapiTerms.PathwayType : XapiTerms.ModuleType;
                json.ActivityId = pathway ? "https://pd.district.test/pathways/1" : $"https://pd.district.test/modules/{random.Next(4)}";
                break;
        }

        return json;
    }
}
