// Verifiers produced by a real PostgreSQL 15.x (Debian 12 package), server_encoding UTF8:
//   SET password_encryption = 'scram-sha-256';
//   CREATE ROLE u LOGIN PASSWORD 'secret';
//   CREATE ROLE x LOGIN PASSWORD 'pa ss:wö$rd';
//   CREATE ROLE s1 LOGIN PASSWORD E'I\u00ADX';   -- SASLprep maps soft hyphen to nothing
//   CREATE ROLE s2 LOGIN PASSWORD E'\uFB01x';    -- NFKC folds the "fi" ligature
//   CREATE ROLE s3 LOGIN PASSWORD E'a\u00A0b';   -- no-break space maps to space
//   SET password_encryption = 'md5';
//   CREATE ROLE m LOGIN PASSWORD 'secret';
//   SELECT rolname, rolpassword FROM pg_authid WHERE rolname IN (...);
// Committed as data so the tests never need a running PostgreSQL.
#pragma once

namespace pg15 {

inline constexpr const char* kScramUser = "u";
inline constexpr const char* kScramPassword = "secret";
inline constexpr const char* kScramVerifier =
    "SCRAM-SHA-256$4096:9U1tRNznie3yc7lOHcgCMQ==$"
    "+vZom9hulb1gGkrzno13sQgtR8z02PRP2SviSbvcw80=:"
    "UjqQBoq5BjSkpmdPJhKzCb+UqHl3SG3y1P1V98gL6DQ=";

inline constexpr const char* kScramUser8bit = "x";
inline constexpr const char* kScramPassword8bit = "pa ss:w\xc3\xb6$rd";
inline constexpr const char* kScramVerifier8bit =
    "SCRAM-SHA-256$4096:1zrtp471mHqmbA10D+r7rQ==$"
    "l+kNUzc4+CtYainy0pCflCcs/zgWnHMd6Dkin3mNyPk=:"
    "C5WTPNxH5NkfGa4WcaOohPvqOyuhh2RRXP7zU0xnxfs=";

// SASLprep cases: the password as typed, the form SASLprep turns it into, the verifier.
struct SaslprepCase {
  const char* user;
  const char* typed;
  const char* prepared;
  const char* verifier;
};
inline constexpr SaslprepCase kSaslprepCases[] = {
    {"s1", "I\xc2\xad" "X", "IX",
     "SCRAM-SHA-256$4096:glkdBMEeuPYopFk+nM0XmA==$"
     "CH79zgkwwAxQyhIz4If+tLC79Dx9FTpFnxU9JIurgzc=:"
     "aBwU75aPYV3emlx7OgvIAxDPef2xClZOR9FUxapSnuo="},
    {"s2", "\xef\xac\x81x", "fix",
     "SCRAM-SHA-256$4096:yc4pWCdlZI532tggqsRoOw==$"
     "IbVjnA2SL8A5RJwonExx6TwTyK+LdoCQJrqs5Rj/Pns=:"
     "ulRqSVyGyDegF8IFvhaotlNbTEQoey5ktcu5EyTVnYs="},
    {"s3", "a\xc2\xa0" "b", "a b",
     "SCRAM-SHA-256$4096:HXlLS+QqabV/00FiMbNyrw==$"
     "CjXpqNYdxNO0LDRBRk5Jde5g34Z6X3FHQ0iIa180b+U=:"
     "jd45vInsveVVAmn+wGDoys4F5FHdlXC7jdRZwpTug44="},
};

inline constexpr const char* kMd5User = "m";
inline constexpr const char* kMd5Password = "secret";
inline constexpr const char* kMd5Verifier = "md5b52328d7451bfeace80c4b8c338106f9";

}  // namespace pg15
