#include "engine/session/cluster.h"

#include "engine/session/settings.h"

namespace plinth {

void ApplySettingDefaults(const Cluster& cluster, const std::string& database, const std::string& role,
                          SessionSettings* settings, std::vector<std::string>* warnings) {
  std::vector<SettingDefaults> all = cluster.AllSettingDefaults();
  // Lowest precedence first, so that each later level overrides the ones before.
  const std::pair<std::string, std::string> levels[] = {{"", ""}, {database, ""}, {"", role}, {database, role}};
  for (const auto& [db, r] : levels) {
    for (const SettingDefaults& d : all) {
      if (d.database != db || d.role != r) continue;
      for (const auto& [name, value] : d.settings) {
        Status st = settings->Set(name, value, false);
        if (!st.ok()) {
          warnings->push_back(st.message());
          continue;
        }
        settings->SetDefault(name, settings->Get(name).value());
      }
    }
  }
  settings->TakeReported();  // the startup sequence reports every GUC_REPORT value anyway
}

}  // namespace plinth
