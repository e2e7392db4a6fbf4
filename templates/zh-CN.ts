import { email } from '../domain/templates/email';
import type { LocaleCatalog } from '../domain/templates/types';

/**
 * 中文文案。顺序：共情（先致歉、先理解）→ 说明情况 → 给出选择 → 告诉对方接下来会发生什么。
 * 只给选项，不催促；交易类短信不带营销内容。
 */
const sign = '{{shopName}}客服';

export const zhCN: LocaleCatalog = {
  locale: 'zh-CN',
  menus: {
    stall: {
      labels: { 1: '帮您催快递', 2: '补发或退款', 3: '转人工客服' },
      separator: '，',
      sms: '回复{{items}}。',
      emailIntro: '您希望我们怎么处理？点一下即可：',
    },
    csat: {
      labels: { 1: '很不满意', 2: '不满意', 3: '一般', 4: '满意', 5: '非常满意' },
      separator: '，',
      sms: '回复1-5为这次服务打分（5为非常满意）；如果还有问题，直接回复告诉我们。',
      emailIntro: '这次的服务您满意吗？点一下打分：',
    },
  },
  messages: {
    'shipment.stalled': {
      sms: '【{{shopName}}】{{customerName}}您好，抱歉让您久等了。订单{{orderId}}（{{carrier}} {{trackingNumber}}）到达{{lastLocation}}后暂无新进展，我们正在跟进。{{options}}',
      email: email('订单{{orderId}}的包裹暂时没有新进展，我们正在跟进', [
        '{{customerName}}您好，',
        '抱歉让您久等了。您的订单{{orderId}}由{{carrier}}配送（运单号{{trackingNumber}}），到达{{lastLocation}}后一直没有新的物流更新。我们已经注意到，正在和快递公司核实。',
        '{{options}}',
        '如果您什么都不用做，我们也会继续盯着，有进展第一时间告诉您。',
        sign,
      ]),
    },
    'shipment.exception': {
      sms: '【{{shopName}}】{{customerName}}您好，很抱歉，订单{{orderId}}的包裹（{{carrier}} {{trackingNumber}}）在运输中遇到了异常，我们正在处理。{{options}}',
      email: email('订单{{orderId}}的包裹遇到异常，我们正在处理', [
        '{{customerName}}您好，',
        '很抱歉，{{carrier}}告知我们，您订单{{orderId}}的包裹（运单号{{trackingNumber}}）在运输中遇到了异常。我们已经介入，会负责到底。',
        '{{options}}',
        sign,
      ]),
      variants: {
        lost: {
          sms: '【{{shopName}}】{{customerName}}您好，非常抱歉，{{carrier}}告知订单{{orderId}}的包裹（{{trackingNumber}}）在运输中丢失了。这由我们负责，不会让您吃亏。{{options}}',
          email: email('订单{{orderId}}的包裹丢失了，我们会负责到底', [
            '{{customerName}}您好，',
            '非常抱歉，{{carrier}}告知我们，您订单{{orderId}}的包裹（运单号{{trackingNumber}}）在运输途中丢失了。这不是您的问题，我们会负责到底。',
            '{{options}}',
            sign,
          ]),
        },
        damaged: {
          sms: '【{{shopName}}】{{customerName}}您好，非常抱歉，订单{{orderId}}的包裹（{{carrier}} {{trackingNumber}}）在运输中破损了。别担心，我们来处理。{{options}}',
          email: email('订单{{orderId}}的包裹在运输中破损，我们来处理', [
            '{{customerName}}您好，',
            '非常抱歉，{{carrier}}反馈您订单{{orderId}}的包裹（运单号{{trackingNumber}}）在运输中破损了。请不用担心，我们会为您妥善处理。',
            '{{options}}',
            sign,
          ]),
        },
        returned_to_sender: {
          sms: '【{{shopName}}】{{customerName}}您好，抱歉，订单{{orderId}}的包裹（{{carrier}} {{trackingNumber}}）被退回了仓库。我们来重新安排。{{options}}',
          email: email('订单{{orderId}}的包裹被退回，我们来重新安排', [
            '{{customerName}}您好，',
            '抱歉，您订单{{orderId}}的包裹（{{carrier}}，运单号{{trackingNumber}}）没能送到，被退回了我们的仓库。我们会重新为您安排。',
            '{{options}}',
            sign,
          ]),
        },
        address_issue: {
          sms: '【{{shopName}}】{{customerName}}您好，订单{{orderId}}的包裹（{{carrier}} {{trackingNumber}}）因地址信息不全暂未派送，我们来帮您确认。{{options}}',
          email: email('订单{{orderId}}：收货地址需要确认一下', [
            '{{customerName}}您好，',
            '{{carrier}}反馈，您订单{{orderId}}的包裹（运单号{{trackingNumber}}）因收货地址信息不完整，暂时没能派送。给您添麻烦了，我们来帮您确认地址。',
            '{{options}}',
            sign,
          ]),
        },
        customs: {
          sms: '【{{shopName}}】{{customerName}}您好，订单{{orderId}}的包裹（{{carrier}} {{trackingNumber}}）清关时间比预期长，抱歉让您多等，我们正在跟进。{{options}}',
          email: email('订单{{orderId}}的包裹正在清关', [
            '{{customerName}}您好，',
            '您订单{{orderId}}的包裹（{{carrier}}，运单号{{trackingNumber}}）清关时间比预期要长，抱歉让您多等。我们正在和快递公司保持沟通。',
            '{{options}}',
            sign,
          ]),
        },
      },
    },
    'shipment.late': {
      sms: '【{{shopName}}】{{customerName}}您好，抱歉，订单{{orderId}}没能在承诺的{{promisedDate}}前送达，是我们没做好。包裹仍由{{carrier}}配送中（{{trackingNumber}}）。{{options}}',
      email: email('抱歉，订单{{orderId}}没能按时送达', [
        '{{customerName}}您好，',
        '很抱歉，您的订单{{orderId}}没能在我们承诺的{{promisedDate}}前送达，这是我们没做好。包裹目前仍由{{carrier}}配送中（运单号{{trackingNumber}}）。',
        '{{options}}',
        sign,
      ]),
    },
    'reply.ack': {
      sms: '【{{shopName}}】收到您的回复，谢谢！',
      email: email('收到您的回复', ['收到您的回复，谢谢！', sign]),
      variants: {
        chase: {
          sms: '【{{shopName}}】收到，我们已联系快递为订单{{orderId}}催件，有新进展会第一时间告诉您。',
          email: email('已为订单{{orderId}}催件', [
            '收到。我们已联系快递为订单{{orderId}}催件，有新进展会第一时间告诉您。',
            sign,
          ]),
        },
        ticket: {
          sms: '【{{shopName}}】收到，已为您创建服务单{{ticketId}}，客服会在{{expectedResponse}}内联系您，商量补发或退款。',
          email: email('服务单{{ticketId}}已创建', [
            '收到。我们已为您创建服务单{{ticketId}}，客服会在{{expectedResponse}}内联系您，和您商量补发或退款。',
            sign,
          ]),
        },
        ticket_urgent: {
          sms: '【{{shopName}}】收到，已为您转人工客服（服务单{{ticketId}}），客服会在{{expectedResponse}}内联系您。',
          email: email('已为您转人工客服', [
            '收到。我们已为您转人工客服（服务单{{ticketId}}），客服会在{{expectedResponse}}内联系您。',
            sign,
          ]),
        },
        ticket_review: {
          sms: '【{{shopName}}】收到，已请客服查看您的留言（服务单{{ticketId}}），会在{{expectedResponse}}内联系您。',
          email: email('客服会查看您的留言', [
            '收到。我们已请客服查看您的留言（服务单{{ticketId}}），会在{{expectedResponse}}内联系您。',
            sign,
          ]),
        },
        csat_thanks: {
          sms: '【{{shopName}}】谢谢您的评价！您的反馈会帮助我们做得更好。',
          email: email('谢谢您的评价', ['谢谢您的评价！您的反馈会帮助我们做得更好。', sign]),
        },
        csat_low: {
          sms: '【{{shopName}}】谢谢您告诉我们，很抱歉这次没让您满意。资深客服会给您回电，服务单{{ticketId}}已重新打开。',
          email: email('抱歉这次没让您满意', [
            '谢谢您告诉我们，很抱歉这次没让您满意。服务单{{ticketId}}已重新打开，资深客服会给您回电。',
            sign,
          ]),
        },
      },
    },
    'reply.clarify': {
      sms: '【{{shopName}}】抱歉，我们没能看懂您的回复。关于订单{{orderId}}，您可以{{options}}',
      email: email('关于订单{{orderId}}，想再确认一下', [
        '抱歉，我们没能看懂您的回复。关于订单{{orderId}}：',
        '{{options}}',
        sign,
      ]),
    },
    'usage.guide': {
      sms: '【{{shopName}}】{{customerName}}您好，{{productName}}已经到了两天，用得还好吗？需要使用指导或遇到问题，直接回复本短信，我们随时帮您。',
      email: email('{{productName}}用得还好吗？', [
        '{{customerName}}您好，',
        '您订单{{orderId}}里的{{productName}}已经到了两天，用得还好吗？',
        '需要使用指导或遇到任何问题，直接回复这封邮件就好，我们随时帮您。',
        sign,
      ]),
      variants: {
        small_appliance: {
          sms: '【{{shopName}}】{{customerName}}您好，{{productName}}用得顺手吗？小贴士：首次使用前撕掉保护膜、放在平稳处；清洁前请先断电。有问题直接回复，我们随时帮您。',
          email: email('{{productName}}使用小贴士', [
            '{{customerName}}您好，',
            '{{productName}}用得顺手吗？几个小贴士：',
            '· 首次使用前撕掉保护膜，放在平稳的地方；\n· 清洁前请先断电，用微湿的软布擦拭；\n· 长时间不用时拔下电源。',
            '遇到任何问题，直接回复这封邮件就好。',
            sign,
          ]),
        },
        apparel: {
          sms: '【{{shopName}}】{{customerName}}您好，{{productName}}合身吗？小贴士：首次洗涤建议冷水手洗、反面晾干，不易褪色变形。尺码不合适直接回复，我们帮您换。',
          email: email('{{productName}}穿着合身吗？', [
            '{{customerName}}您好，',
            '{{productName}}穿着合身吗？几个小贴士：',
            '· 首次洗涤建议冷水手洗，反面晾干，不易褪色变形；\n· 深浅颜色分开洗。',
            '尺码不合适的话，直接回复这封邮件，我们帮您换。',
            sign,
          ]),
        },
        electronics: {
          sms: '【{{shopName}}】{{customerName}}您好，{{productName}}用得还好吗？小贴士：首次使用建议先充满电，并在设置里检查系统更新。有问题直接回复，我们随时帮您。',
          email: email('{{productName}}使用小贴士', [
            '{{customerName}}您好，',
            '{{productName}}用得还好吗？几个小贴士：',
            '· 首次使用建议先充满电；\n· 在设置里检查一下系统更新；\n· 保修凭证就是您的订单{{orderId}}，不用另外保存。',
            '遇到任何问题，直接回复这封邮件就好。',
            sign,
          ]),
        },
      },
    },
    'ticket.ack': {
      sms: '【{{shopName}}】{{customerName}}您好，已收到您的问题“{{subject}}”（服务单{{ticketId}}），客服会在{{expectedResponse}}内回复您。',
      email: email('已收到您的问题（服务单{{ticketId}}）', [
        '{{customerName}}您好，',
        '我们已收到您的问题“{{subject}}”，服务单号{{ticketId}}。客服会在{{expectedResponse}}内回复您。',
        '如有补充，直接回复这封邮件即可。',
        sign,
      ]),
    },
    'ticket.sla_holding': {
      sms: '【{{shopName}}】{{customerName}}您好，抱歉让您久等。服务单{{ticketId}}“{{subject}}”已优先转给资深客服，会尽快回复您。',
      email: email('抱歉让您久等（服务单{{ticketId}}）', [
        '{{customerName}}您好，',
        '抱歉让您久等了。您的问题“{{subject}}”（服务单{{ticketId}}）已优先转给资深客服，我们会尽快回复您。',
        '如有补充，直接回复这封邮件即可。',
        sign,
      ]),
    },
    'ticket.checkin': {
      sms: '【{{shopName}}】{{customerName}}您好，之前您反馈的“{{subject}}”现在都好了吗？{{options}}',
      email: email('“{{subject}}”现在都好了吗？', [
        '{{customerName}}您好，',
        '之前您反馈的“{{subject}}”（服务单{{ticketId}}）现在都好了吗？',
        '{{options}}',
        '如果还有问题，直接回复这封邮件，我们接着处理。',
        sign,
      ]),
      variants: {
        reship: {
          sms: '【{{shopName}}】{{customerName}}您好，补发的包裹已经送到，东西都还好吗？{{options}}',
          email: email('补发的包裹收到了吗？', [
            '{{customerName}}您好，',
            '补发的包裹（订单{{orderId}}）已经送到，东西都还好吗？',
            '{{options}}',
            '如果还有问题，直接回复这封邮件，我们接着处理。',
            sign,
          ]),
        },
      },
    },
    'optout.confirm': {
      sms: '【{{shopName}}】您已退订短信通知，之后不会再收到我们的短信。如需恢复，回复START。',
      email: email('您已退订', ['您已退订我们的通知，之后不会再收到此类消息。', sign]),
    },
    'help.info': {
      sms: '【{{shopName}}】需要帮助？请致电{{supportContact}}，或直接回复本短信留言。回复T退订短信。',
      email: email('需要帮助？', ['需要帮助？请致电{{supportContact}}，或直接回复这封邮件留言。', sign]),
    },
    campaign: {
      sms: '【{{shopName}}】{{customerName}}您好，感谢您一直以来的支持。退订回T',
      email: email('来自{{shopName}}的问候', ['{{customerName}}您好，', '感谢您一直以来的支持。', sign]),
      variants: {
        guide_push: {
          sms: '【{{shopName}}】{{customerName}}您好，我们为{{productName}}整理了一份使用小贴士，已放在订单详情页，有空可以看看。退订回T',
          email: email('{{productName}}使用小贴士', [
            '{{customerName}}您好，',
            '我们为{{productName}}整理了一份使用小贴士，已放在订单详情页，有空可以看看。',
            sign,
          ]),
        },
        delay_apology: {
          sms: '【{{shopName}}】{{customerName}}您好，近期仓库发货延迟，您的订单可能会晚几天到，非常抱歉。有任何问题直接回复本短信。退订回T',
          email: email('抱歉，您的订单可能会晚几天到', [
            '{{customerName}}您好，',
            '近期我们的仓库发货延迟，您的订单可能会晚几天送到，非常抱歉。我们正在加紧处理。',
            '有任何问题，直接回复这封邮件就好。',
            sign,
          ]),
        },
        survey: {
          sms: '【{{shopName}}】{{customerName}}您好，想听听您对{{productName}}的看法：回复1-5打分（5为非常满意），谢谢您抽空！退订回T',
          email: email('想听听您对{{productName}}的看法', [
            '{{customerName}}您好，',
            '想听听您对{{productName}}的看法：直接回复1-5打分（5为非常满意）就好，谢谢您抽空！',
            sign,
          ]),
        },
      },
    },
  },
  staffAlerts: {
    'sla.warning': {
      subject: '[SLA 预警] 服务单{{ticketId}}还剩{{remaining}}',
      text: '服务单{{ticketId}}（{{priority}}，客户{{customerId}}）“{{subject}}”尚未首次回复，截止{{deadline}}，还剩{{remaining}}。',
    },
    'sla.breach': {
      subject: '[SLA 超时] 服务单{{ticketId}}已升级',
      text: '服务单{{ticketId}}（{{priority}}，客户{{customerId}}）“{{subject}}”已超过首次回复时限（{{deadline}}），已升级并向客户发送安抚消息。',
    },
    'csat.low': {
      subject: '[低满意度] 服务单{{ticketId}}评分{{score}}，已重新打开',
      text: '客户{{customerId}}对服务单{{ticketId}}“{{subject}}”（订单{{orderId}}）打了{{score}}分。服务单已重新打开（高优先级），请资深客服回电。',
    },
  },
};
