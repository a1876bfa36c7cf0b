namespace LtiPd.Gamification.Challenges;

/// <summary>Checks a new challenge and its badge before anything is written.</summary>
internal static class ChallengeValidator
{
    private const int MaxIdLength = 100;
    private const int MaxBadgeChallengeIdLength = 90;
    private const int MaxNameLength = 200;
    private const int MaxSchoolIdLength = 200;
    private const int MaxBadgeDescriptionLength = 1000;

    /// <summary>Returns the first problem found, or null when the challenge can be created.</summary>
    public static InvalidInputError? Validate(ChallengeDefinition challenge, ChallengeBadge? badge)
    {
        if (string.IsNullOrWhiteSpace(challenge.Id) || challenge.Id.Length > MaxIdLength || string.IsNullOrWhiteSpace(challenge.Name))
        {
            return new(3601, $"Challenge id '{challenge.Id}' or its name is empty, or the id is longer than {MaxIdLength} characters.");
        }

        if (challenge.EndsAt <= challenge.StartsAt)
        {
            return new(3602, $"Challenge '{challenge.Id}' ends at {challenge.EndsAt:O}, not after its start {challenge.StartsAt:O}. Set an end after the start.");
        }

        if (challenge.Name.Length > MaxNameLength)
        {
            return new(3609, $"The name of challenge '{challenge.Id}' has {challenge.Name.Length} characters. Shorten it to {MaxNameLength} or fewer.");
        }

        if (challenge.GoalPoints is { } goal && (goal < 1 || goal > ChallengeService.MaxGoalPoints))
        {
            return new(3610, $"The goal {goal} of challenge '{challenge.Id}' is out of range. Set a goal from 1 to {ChallengeService.MaxGoalPoints} points, or none.");
        }

        if (challenge.SchoolId is { } school && (string.IsNullOrWhiteSpace(school) || school.Length > MaxSchoolIdLength))
        {
            return new(3611, $"The school id '{school}' of challenge '{challenge.Id}' is empty or longer than {MaxSchoolIdLength} characters. Pick a school of the district, or none for the whole district.");
        }

        return badge is null ? null : ValidateBadge(challenge, badge);
    }

    private static InvalidInputError? ValidateBadge(ChallengeDefinition challenge, ChallengeBadge badge)
    {
        if (challenge.Id.Length > MaxBadgeChallengeIdLength)
        {
            return new(3612, $"Challenge id '{challenge.Id}' is longer than {MaxBadgeChallengeIdLength} characters, too long for its badge id. Shorten the id.");
        }

        if (string.IsNullOrWhiteSpace(badge.Name) || badge.Name.Trim().Length > MaxNameLength)
        {
            return new(3613, $"The badge name '{badge.Name}' is empty or longer than {MaxNameLength} characters. Name the badge in {MaxNameLength} characters or fewer.");
        }

        if (string.IsNullOrWhiteSpace(badge.Description) || badge.Description.Trim().Length > MaxBadgeDescriptionLength)
        {
            return new(3614, $"The badge description is empty or longer than {MaxBadgeDescriptionLength} characters. Describe the badge in {MaxBadgeDescriptionLength} characters or fewer.");
        }

        if (badge.ImageUrl is { } url && !(Uri.TryCreate(url, UriKind.Absolute, out var parsed) && parsed.Scheme == Uri.UriSchemeHttps))
        {
            return new(3615, $"The badge image URL '{url}' is not an absolute https URL. Use an https address or leave it empty.");
        }

        return null;
    }
}
