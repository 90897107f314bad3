/** The policy target the pledge panels draw against (专利质押融资 ≥ 25亿元 a year, configurable). */
export const PATENT_PLEDGE_TARGET_KEY = "patent-pledge-financing"
