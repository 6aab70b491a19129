// The cockpit's 30-day trends: new items per day (bars), letters past their deadline and the
// rolling unavailability ratio (lines), drawn by the shared ECharts host.
import { useMemo } from "react";
import type { EChartsCoreOption } from "echarts/core";
import { EChart } from "../../components/EChart";
import type { Cockpit } from "./types";

export function TrendChart({ trends, height = 300 }: { trends: Cockpit["trends"]; height?: number }) {
  const option = useMemo<EChartsCoreOption>(() => {
    const hasAvailability = trends.availability.some((v) => v !== null);
    return {
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 40, right: hasAvailability ? 50 : 20, top: 36, bottom: 28 },
      xAxis: { type: "category", data: trends.days.map((d) => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`) },
      yAxis: [
        { type: "value", name: "条/件", minInterval: 1 },
        ...(hasAvailability ? [{ type: "value", name: "不可访问 %", min: 0, axisLabel: { formatter: "{value}%" } }] : []),
      ],
      series: [
        { name: "发布信息", type: "bar", data: trends.updates, itemStyle: { color: "#1677ff" } },
        { name: "逾期留言", type: "line", data: trends.overdueLetters, itemStyle: { color: "#fa541c" }, smooth: true },
        ...(hasAvailability
          ? [{ name: "7 日不可访问比例", type: "line", yAxisIndex: 1, data: trends.availability, itemStyle: { color: "#722ed1" }, connectNulls: false }]
          : []),
      ],
    };
  }, [trends]);
  return <EChart option={option} height={height} testId="trend-chart" />;
}
