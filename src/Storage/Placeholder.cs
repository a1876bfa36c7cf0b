namespace LtiPd.Storage;
