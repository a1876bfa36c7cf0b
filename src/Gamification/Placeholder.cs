namespace LtiPd.Gamification;
