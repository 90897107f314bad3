import { Schema } from "effect"
import { checkMessage } from "../text/messages.js"

/** Wenzhou's county-level divisions (administrative codes), the reference data every record uses. */
export const wenzhouDistricts = [
  { code: "330302", name: "鹿城区", nameEn: "Lucheng" },
  { code: "330303", name: "龙湾区", nameEn: "Longwan" },
  { code: "330304", name: "瓯海区", nameEn: "Ouhai" },
  { code: "330305", name: "洞头区", nameEn: "Dongtou" },
  { code: "330324", name: "永嘉县", nameEn: "Yongjia" },
  { code: "330326", name: "平阳县", nameEn: "Pingyang" },
  { code: "330327", name: "苍南县", nameEn: "Cangnan" },
  { code: "330328", name: "文成县", nameEn: "Wencheng" },
  { code: "330329", name: "泰顺县", nameEn: "Taishun" },
  { code: "330381", name: "瑞安市", nameEn: "Rui'an" },
  { code: "330382", name: "乐清市", nameEn: "Yueqing" },
  { code: "330383", name: "龙港市", nameEn: "Longgang" }
] as const

export type DistrictCode = (typeof wenzhouDistricts)[number]["code"]

const byCode = new Map<string, (typeof wenzhouDistricts)[number]>(wenzhouDistricts.map((d) => [d.code, d]))

export const districtOf = (code: string) => byCode.get(code)

const notADistrict = checkMessage("district-code", { allowed: [...byCode.keys()].join(", ") })

export const DistrictCode = Schema.String.check(
  Schema.makeFilter((code: string) => byCode.has(code) || notADistrict)
)
